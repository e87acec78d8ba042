import type { Doc } from '../bson/types.js';
import { invalidNamespace } from '../errors.js';
import type { CursorRegistry } from '../cursors.js';
import type { CatalogView } from '../storage/catalog-view.js';
import type { Storage } from '../storage/storage.js';
import type { Writer } from '../storage/writer.js';
import type { SessionRegistry } from '../txn/sessions.js';
import type { Transaction } from '../txn/transaction.js';

export interface ServerIdentity {
  host: string;
  port: number;
  setName: string;
  startedAt: Date;
}

/** Everything a command handler may use. */
export interface CommandContext {
  db: string;
  command: Doc;
  storage: Storage;
  cursors: CursorRegistry;
  sessions: SessionRegistry;
  /** Set when the command runs inside a multi-document transaction. */
  txn: Transaction | undefined;
  writer: Writer;
  /** The collections this command sees, and where its DDL goes (private to a transaction until commit). */
  catalog: CatalogView;
  /**
   * The size of the wire message that carried the command, when it came off the wire: no document in it can
   * re-encode larger than this plus an added `_id`, so a small request skips measuring each document it inserts.
   */
  requestBytes?: number;
  /** A snapshot read outside a transaction (`readConcern: snapshot`): the write sequence it reads at. */
  readSnapshot?: number;
  server: ServerIdentity;
  /** Remove expired TTL documents now. */
  sweepTtl: () => number;
  /** This client connection: its id (as `hello` reports it) and remote address. */
  connection: { id: number; remote: string };
}

export type CommandHandler = (ctx: CommandContext) => Doc | Promise<Doc>;

/** The collection name a command targets, e.g. `{ find: "users" }` → "users". */
export function targetCollection(ctx: CommandContext, name: string): string {
  const value: unknown = ctx.command[name];
  if (typeof value !== 'string' || value.length === 0) {
    throw invalidNamespace(`collection name has invalid type ${typeof value}`);
  }
  return value;
}
