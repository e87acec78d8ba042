import type { Binary } from 'bson';
import { bsonType, isPlainObject, type Doc } from '../bson/types.js';
import { badValue, MongoCommandError, noSuchTransaction } from '../errors.js';
import { currentSequence } from '../storage/collection.js';
import type { LockTable } from '../storage/direct-writer.js';
import { closeSnapshot, openSnapshot } from '../storage/history.js';
import { Transaction, type TransactionLocks } from './transaction.js';

/** MongoDB's transactionLifetimeLimitSeconds default: older open transactions are aborted. */
export const TRANSACTION_LIFETIME_MS = 60_000;

/** `logicalSessionTimeoutMinutes` as reported by hello: idle sessions are forgotten after it. */
export const SESSION_TIMEOUT_MS = 30 * 60_000;

interface Session {
  id: string;
  lastUsed: number;
  txn?: Transaction;
  /** Until when old versions are kept for this session's snapshot reads (MongoDB's 300 s history window). */
  snapshotHoldUntil?: number;
  /** The last successful retryable write: a retry with the same txnNumber gets this reply, not a re-run. */
  lastRetryableWrite?: { txnNumber: bigint; reply: Doc };
}

/** MongoDB's minSnapshotHistoryWindowInSeconds: how long a snapshot read session's point in time stays readable. */
export const SNAPSHOT_HISTORY_WINDOW_MS = 300_000;

/** Writes the driver retries with the same `txnNumber` after a network error. */
const RETRYABLE_WRITES = new Set(['insert', 'update', 'delete', 'findAndModify', 'findandmodify']);

function retryableKey(name: string, command: Doc): bigint | undefined {
  if (!RETRYABLE_WRITES.has(name) || command.autocommit !== undefined || command.txnNumber === undefined) return undefined;
  return toBigInt(command.txnNumber);
}

interface Lock {
  owner: Transaction;
  release: Promise<void>;
  resolve: () => void;
}

function sessionId(lsid: unknown): string | undefined {
  if (!isPlainObject(lsid)) return undefined;
  const id: unknown = lsid.id;
  if (bsonType(id) === 'Binary') return (id as Binary).toString('hex');
  return undefined;
}

function toBigInt(value: unknown): bigint {
  if (typeof value === 'number') return BigInt(value);
  if (typeof value === 'bigint') return value;
  if (bsonType(value) === 'Long') return (value as { toBigInt(): bigint }).toBigInt();
  throw badValue('txnNumber must be a number');
}

/** Logical sessions, their transactions, and the document lock table transactions share. */
export class SessionRegistry implements TransactionLocks, LockTable {
  private readonly sessions = new Map<string, Session>();
  private readonly locks = new Map<string, Lock>();
  private readonly held = new Map<Transaction, Set<string>>();

  acquire(txn: Transaction, namespace: string, idKey: string): boolean {
    const key = namespace + '\u0000' + idKey;
    const lock = this.locks.get(key);
    if (lock) return lock.owner === txn;
    let resolve: () => void = () => undefined;
    const release = new Promise<void>((r) => (resolve = r));
    this.locks.set(key, { owner: txn, release, resolve });
    let keys = this.held.get(txn);
    if (!keys) this.held.set(txn, (keys = new Set()));
    keys.add(key);
    return true;
  }

  releaseAll(txn: Transaction): void {
    for (const key of this.held.get(txn) ?? []) {
      const lock = this.locks.get(key);
      if (lock?.owner === txn) {
        this.locks.delete(key);
        lock.resolve();
      }
    }
    this.held.delete(txn);
  }

  lockRelease(namespace: string, idKey: string): Promise<void> | undefined {
    return this.locks.get(namespace + '\u0000' + idKey)?.release;
  }

  private session(lsid: unknown): Session | undefined {
    const id = sessionId(lsid);
    if (!id) return undefined;
    let session = this.sessions.get(id);
    if (!session) this.sessions.set(id, (session = { id, lastUsed: Date.now() }));
    session.lastUsed = Date.now();
    return session;
  }

  /**
   * The transaction a command runs in, if any: `autocommit: false` marks transaction commands;
   * `startTransaction: true` opens a new one for that txnNumber.
   */
  transactionFor(command: Doc): Transaction | undefined {
    if (command.autocommit === undefined) return undefined;
    if (command.autocommit !== false) throw badValue('autocommit must be false when specified');
    const session = this.session(command.lsid);
    if (!session) throw new MongoCommandError(50768, 'Location50768', 'Transaction requires a session (lsid)');
    const txnNumber = toBigInt(command.txnNumber);
    if (command.startTransaction === true) {
      if (session.txn && session.txn.txnNumber > txnNumber) {
        throw new MongoCommandError(
          225,
          'TransactionTooOld',
          `txnNumber ${txnNumber} is less than the last txnNumber ${session.txn.txnNumber}`,
        );
      }
      if (session.txn && session.txn.txnNumber === txnNumber) {
        throw new MongoCommandError(251, 'NoSuchTransaction', `Transaction ${txnNumber} has already been started`);
      }
      session.txn?.abort();
      session.txn = new Transaction(txnNumber, this);
      return session.txn;
    }
    const txn = session.txn;
    if (!txn || txn.txnNumber !== txnNumber || txn.state === 'aborted') throw noSuchTransaction(String(txnNumber));
    if (txn.state === 'committed') {
      throw new MongoCommandError(
        256,
        'TransactionCommitted',
        `Transaction with { txnNumber: ${txnNumber} } has been committed.`,
      );
    }
    return txn;
  }

  /** The session's transaction for commit/abort (may already be finished: commit is retryable). */
  existingTransaction(command: Doc): Transaction {
    const session = this.session(command.lsid);
    const txnNumber = toBigInt(command.txnNumber);
    if (!session?.txn || session.txn.txnNumber !== txnNumber) throw noSuchTransaction(String(txnNumber));
    return session.txn;
  }

  /** The stored reply when this command retries an already applied retryable write. */
  retriedWriteReply(name: string, command: Doc): Doc | undefined {
    const txnNumber = retryableKey(name, command);
    if (txnNumber === undefined) return undefined;
    const last = this.session(command.lsid)?.lastRetryableWrite;
    return last && last.txnNumber === txnNumber ? last.reply : undefined;
  }

  rememberRetryableWrite(name: string, command: Doc, reply: Doc): void {
    const txnNumber = retryableKey(name, command);
    if (txnNumber === undefined || reply.ok !== 1 || reply.writeErrors !== undefined) return;
    const session = this.session(command.lsid);
    if (session) session.lastRetryableWrite = { txnNumber, reply };
  }

  /**
   * Keep old document versions while this session does snapshot reads, so its later reads at the same
   * `atClusterTime` see the same data; released when the session ends or after the history window.
   */
  holdSnapshot(lsid: unknown): void {
    const session = this.session(lsid);
    if (!session) return;
    if (session.snapshotHoldUntil === undefined) openSnapshot(currentSequence());
    session.snapshotHoldUntil = Date.now() + SNAPSHOT_HISTORY_WINDOW_MS;
  }

  private releaseSnapshot(session: Session): void {
    if (session.snapshotHoldUntil === undefined) return;
    session.snapshotHoldUntil = undefined;
    closeSnapshot();
  }

  endSessions(ids: unknown[]): void {
    for (const lsid of ids) {
      const id = sessionId(lsid);
      if (!id) continue;
      const session = this.sessions.get(id);
      session?.txn?.abort();
      if (session) this.releaseSnapshot(session);
      this.sessions.delete(id);
    }
  }

  /**
   * Abort transactions older than the lifetime limit (so a forgotten one cannot block writers forever) and
   * forget sessions idle past the session timeout.
   */
  expire(now = Date.now()): void {
    for (const [id, session] of this.sessions) {
      if (session.txn?.state === 'active' && now - session.txn.startedAt > TRANSACTION_LIFETIME_MS) session.txn.abort();
      if (session.snapshotHoldUntil !== undefined && now > session.snapshotHoldUntil) this.releaseSnapshot(session);
      if (now - session.lastUsed > SESSION_TIMEOUT_MS && session.txn?.state !== 'active') this.sessions.delete(id);
    }
  }

  abortAll(): void {
    for (const session of this.sessions.values()) {
      session.txn?.abort();
      this.releaseSnapshot(session);
    }
  }
}
