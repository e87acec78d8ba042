/** MongoDB's "E11000 duplicate key": a unique index refused the write. */
const DUPLICATE_KEY = 11000;

interface WriteErrorShape {
  readonly code?: unknown;
  readonly writeErrors?: readonly { readonly code?: unknown; readonly err?: { readonly code?: unknown } }[];
}

/** True when a single write failed because a unique index already holds the key (an idempotent retry, a race). */
export function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as WriteErrorShape).code === DUPLICATE_KEY;
}

/**
 * For bulk writes (`insertMany`, `bulkWrite`, unordered): true when every failed document failed only on a
 * duplicate key, so the batch is safe to treat as "already written". Any other write error → false.
 */
export function isOnlyDuplicateKeys(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { writeErrors } = error as WriteErrorShape;
  if (!writeErrors || writeErrors.length === 0) return isDuplicateKey(error);
  return writeErrors.every((writeError) => (writeError.code ?? writeError.err?.code) === DUPLICATE_KEY);
}
