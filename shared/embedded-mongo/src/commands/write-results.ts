import type { Doc } from '../bson/types.js';
import { MongoCommandError } from '../errors.js';
import type { CommandContext } from './context.js';

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

/**
 * Runs a write command's statements in order. A statement's own error becomes a `writeErrors` entry with its
 * index (an ordered batch stops there, an unordered one carries on); an error that fails the whole command is
 * rethrown. Any write error aborts the session's transaction, as MongoDB does.
 */
export async function runWriteBatch(
  ctx: CommandContext,
  count: number,
  runStatement: (index: number) => Promise<void>,
): Promise<Doc[]> {
  const ordered = ctx.command.ordered !== false;
  const writeErrors: Doc[] = [];
  for (let index = 0; index < count; index++) {
    try {
      await runStatement(index);
    } catch (error) {
      if (isCommandLevel(error)) throw error;
      writeErrors.push(writeError(index, error));
      if (ordered) break;
    }
  }
  if (writeErrors.length > 0) ctx.txn?.abort();
  return writeErrors;
}

/** A write reply: the command's counts, then `writeErrors` when there were any, then `ok`. */
export function writeReply(counts: Doc, writeErrors: Doc[]): Doc {
  return writeErrors.length > 0 ? { ...counts, writeErrors, ok: 1 } : { ...counts, ok: 1 };
}
