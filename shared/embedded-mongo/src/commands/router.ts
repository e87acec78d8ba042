import type { Doc } from '../bson/types.js';
import { commandNotFound, MongoCommandError } from '../errors.js';
import { create, dbStats, drop, dropDatabase, endSessions, listCollections, listDatabases } from './admin.js';
import { aggregate } from './aggregate.js';
import { checkWriteConcern, readConcernOf, withClusterTime, writeConcernError } from './concerns.js';
import { directCatalog } from '../storage/catalog-view.js';
import type { CommandContext, CommandHandler } from './context.js';
import { deleteCommand } from './delete.js';
import { explain } from './explain.js';
import { count, distinct, find, getMore, killCursors } from './find.js';
import { findAndModify } from './find-and-modify.js';
import { handshakeCommands } from './handshake.js';
import { createIndexes, dropIndexes, listIndexes } from './indexes.js';
import { insert } from './insert.js';
import { abortTransaction, commitTransaction } from './transactions.js';
import { update } from './update.js';
import { readOnView, refuseViewTarget } from './views.js';

const HANDLERS: Record<string, CommandHandler> = {
  ...handshakeCommands,
  insert,
  update,
  delete: deleteCommand,
  find,
  getMore,
  killCursors,
  count,
  distinct,
  findAndModify,
  findandmodify: findAndModify,
  explain,
  aggregate,
  create,
  drop,
  dropDatabase,
  listCollections,
  listDatabases,
  createIndexes,
  listIndexes,
  dropIndexes,
  deleteIndexes: dropIndexes,
  endSessions,
  dbStats,
  commitTransaction,
  abortTransaction,
};

/** Commands MongoDB allows inside a multi-document transaction. */
const TRANSACTION_COMMANDS = new Set([
  'insert',
  'update',
  'delete',
  'find',
  'getMore',
  'killCursors',
  'findAndModify',
  'findandmodify',
  'aggregate',
  'distinct',
  'create',
  'createIndexes',
]);

export type RouterContext = Omit<CommandContext, 'command' | 'db' | 'txn' | 'writer' | 'catalog' | 'requestBytes'> & {
  directWriter: CommandContext['writer'];
};

export function errorReply(error: unknown): Doc {
  if (error instanceof MongoCommandError) {
    const reply: Doc = { ok: 0, errmsg: error.message, code: error.code, codeName: error.codeName, ...error.extra };
    if (error.errorLabels.length > 0) reply.errorLabels = error.errorLabels;
    return reply;
  }
  const message = error instanceof Error ? error.message : String(error);
  return { ok: 0, errmsg: `internal error: ${message}`, code: 1, codeName: 'InternalError' };
}

/**
 * Route one command document to its handler; every failure becomes a MongoDB-style error reply. `requestBytes`:
 * the size of the wire message the command came in (an upper bound for any document in it).
 */
export async function runCommand(base: RouterContext, db: string, command: Doc, requestBytes?: number): Promise<Doc> {
  const name = Object.keys(command)[0] ?? '';
  const handler = Object.hasOwn(HANDLERS, name) ? HANDLERS[name] : undefined;
  let txn: CommandContext['txn'];
  try {
    if (!handler) throw commandNotFound(name);
    if (name !== 'commitTransaction' && name !== 'abortTransaction') {
      txn = base.sessions.transactionFor(command);
      if (txn && !TRANSACTION_COMMANDS.has(name)) {
        throw new MongoCommandError(
          263,
          'OperationNotSupportedInTransaction',
          `Cannot run '${name}' in a multi-document transaction.`,
        );
      }
    }
    const { snapshotAt } = readConcernOf(name, command, txn);
    checkWriteConcern(command, txn);
    const retried = base.sessions.retriedWriteReply(name, command);
    if (retried) return retried;
    // Old versions are kept from now on for the session's later reads at this snapshot.
    if (snapshotAt !== undefined) base.sessions.holdSnapshot(command.lsid);
    // Every field named, not `...base`: the spread built each command's context on V8's slow path (~10 µs a
    // command in the walls profile, ADR 155), and a fixed literal keeps one shape for every handler.
    const ctx: CommandContext = {
      storage: base.storage,
      cursors: base.cursors,
      sessions: base.sessions,
      server: base.server,
      sweepTtl: base.sweepTtl,
      connection: base.connection,
      requestBytes,
      db,
      command,
      txn,
      writer: txn ? txn.writer : base.directWriter,
      catalog: txn ? txn.catalog(base.storage) : directCatalog(base.storage),
      readSnapshot: snapshotAt,
    };
    refuseViewTarget(ctx, name);
    let reply = readOnView(ctx, name) ?? (await handler(ctx));
    if (snapshotAt !== undefined) reply = withClusterTime(reply, snapshotAt);
    const concernError = writeConcernError(name, command);
    if (concernError) reply.writeConcernError = concernError;
    base.sessions.rememberRetryableWrite(name, command, reply);
    return reply;
  } catch (error) {
    // Any failed command aborts the transaction it ran in, as in MongoDB.
    txn?.abort();
    return errorReply(error);
  }
}
