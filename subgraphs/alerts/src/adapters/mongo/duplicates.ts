/** MongoDB's duplicate key error: an insert of an `_id` or unique key that is already stored. */
const DUPLICATE_KEY = 11000;

export function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === DUPLICATE_KEY;
}

/** An unordered insert that failed only on documents already stored (a redelivery): nothing new went wrong. */
export function onlyDuplicates(error: unknown): boolean {
  const writeErrors = (error as { writeErrors?: unknown } | null)?.writeErrors;
  if (!Array.isArray(writeErrors)) return isDuplicateKey(error);
  return (
    writeErrors.length > 0 &&
    writeErrors.every((failure) => isDuplicateKey(failure) || isDuplicateKey((failure as { err?: unknown }).err))
  );
}
