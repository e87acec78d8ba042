/** MongoDB's "E11000 duplicate key": a unique index refused the write. */
const DUPLICATE_KEY = 11000;

/** One document's failure in a bulk write: the driver's WriteError (`code`, `index`), or mongoose's wrapper (`err`). */
interface WriteErrorEntry {
  readonly code?: unknown;
  readonly index?: unknown;
  readonly err?: { readonly code?: unknown; readonly index?: unknown };
}

interface WriteErrorShape {
  readonly code?: unknown;
  readonly writeErrors?: readonly WriteErrorEntry[];
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

/**
 * For an unordered bulk insert: the positions (in the inserted list) of the documents a unique index refused, every
 * other document having been written; null when anything failed otherwise (the caller rethrows). A single insert's
 * duplicate key is position 0.
 */
export function duplicateKeyPositions(error: unknown): ReadonlySet<number> | null {
  if (!isOnlyDuplicateKeys(error)) return null;
  const { writeErrors } = error as WriteErrorShape;
  if (!writeErrors || writeErrors.length === 0) return new Set([0]);
  const positions = writeErrors.map((writeError) => writeError.index ?? writeError.err?.index);
  return positions.every((position) => typeof position === 'number') ? new Set(positions as number[]) : null;
}

/**
 * An unordered bulk insert of `docs` (`insert` writes the list it is given): the documents a unique index refused,
 * every other one having been written. Nothing to insert writes nothing; any other failure is thrown.
 */
export async function insertUnordered<T>(docs: readonly T[], insert: (docs: T[]) => Promise<unknown>): Promise<T[]> {
  if (docs.length === 0) return [];
  try {
    await insert([...docs]);
    return [];
  } catch (error) {
    const refused = duplicateKeyPositions(error);
    if (refused === null) throw error;
    return docs.filter((_, position) => refused.has(position));
  }
}
