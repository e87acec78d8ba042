import type { Doc } from '../bson/types.js';
import { MongoCommandError } from '../errors.js';

/** A per-statement error in a write reply's `writeErrors`, MongoDB's shape. */
export function writeError(index: number, error: unknown): Doc {
  if (error instanceof MongoCommandError) {
    // MongoDB 7.0 write errors carry no codeName.
    return { index, code: error.code, ...error.extra, errmsg: error.message };
  }
  return { index, code: 1, errmsg: error instanceof Error ? error.message : String(error) };
}

/** Errors that fail the whole command (not reported per statement). */
export function isCommandLevel(error: unknown): boolean {
  return (
    error instanceof MongoCommandError &&
    (error.code === 50 || error.code === 112 || error.code === 251 || error.errorLabels.length > 0)
  );
}
