import { Timestamp } from 'bson';
import { bsonType, isPlainObject, type Doc } from '../bson/types.js';
import { badValue, failedToParse, invalidOptions, MongoCommandError, typeMismatch } from '../errors.js';
import { currentSequence } from '../storage/collection.js';
import { historyCovers } from '../storage/history.js';
import type { Transaction } from '../txn/transaction.js';

/**
 * `readConcern` and `writeConcern`, as a MongoDB 7.0 single-node replica set primary answers them. Every write
 * is majority-committed when acknowledged (there is one member), so `local`, `majority`, `linearizable` and
 * `available` reads are the same read; `snapshot` reads (find, aggregate, distinct, as in MongoDB 5.0+) run
 * against a point in time, given by `atClusterTime` or taken now and returned as `atClusterTime`.
 */

/** Cluster times are Timestamps of (this process's start second, write sequence): comparable, unique per start. */
const EPOCH = Math.floor(Date.now() / 1000);

export function clusterTimeOf(sequence: number): Timestamp {
  return new Timestamp({ t: EPOCH, i: sequence });
}

const LEVELS = new Set(['local', 'majority', 'linearizable', 'available', 'snapshot']);
const READ_CONCERN_FIELDS = new Set(['level', 'afterClusterTime', 'atClusterTime', 'afterOpTime', 'provenance']);
/** Commands that read at a snapshot outside a transaction (MongoDB 5.0+). */
const SNAPSHOT_READS = new Set(['find', 'aggregate', 'distinct']);
/** Read concern levels a transaction may start with. */
const TRANSACTION_LEVELS = new Set(['local', 'majority', 'snapshot']);

function snapshotTooOld(at: Timestamp): MongoCommandError {
  return new MongoCommandError(
    239,
    'SnapshotTooOld',
    `Read timestamp ${at.toString()} is older than the oldest available timestamp.`,
  );
}

/** The write sequence an `atClusterTime` stands for; a time from before this process started is too old. */
function sequenceOf(at: unknown): number {
  if (bsonType(at) !== 'Timestamp') {
    throw typeMismatch(`BSON field 'readConcern.atClusterTime' is the wrong type, expected type 'timestamp'`);
  }
  const ts = at as Timestamp;
  if (ts.t === 0 && ts.i === 0) throw invalidOptions('atClusterTime cannot be a null timestamp');
  if (ts.t < EPOCH) throw snapshotTooOld(ts);
  if (ts.t > EPOCH || ts.i > currentSequence()) {
    throw invalidOptions(`atClusterTime ${ts.toString()} is later than the server's current cluster time`);
  }
  return ts.i;
}

export interface ReadConcern {
  /** Set for a snapshot read outside a transaction: the write sequence to read at. */
  snapshotAt?: number;
}

/** Validate a command's `readConcern`; for a snapshot read, the point in time it reads at. */
export function readConcernOf(name: string, command: Doc, txn: Transaction | undefined): ReadConcern {
  const rc: unknown = command.readConcern;
  if (rc === undefined) return {};
  if (!isPlainObject(rc)) throw typeMismatch(`BSON field 'readConcern' is the wrong type, expected type 'object'`);
  for (const field of Object.keys(rc)) {
    if (!READ_CONCERN_FIELDS.has(field)) {
      throw new MongoCommandError(40415, 'Location40415', `BSON field 'readConcern.${field}' is an unknown field.`);
    }
  }
  const level = rc.level;
  if (level !== undefined && (typeof level !== 'string' || !LEVELS.has(level))) {
    throw badValue(`Enumeration value '${String(level)}' for field 'readConcern.level' is not a valid value.`);
  }
  if (rc.atClusterTime !== undefined && level !== 'snapshot') {
    throw invalidOptions('atClusterTime field can be set only if level is equal to snapshot');
  }
  if (rc.atClusterTime !== undefined && rc.afterClusterTime !== undefined) {
    throw invalidOptions(
      'Specifying a timestamp for readConcern snapshot in a causally consistent session is not allowed. See https://docs.mongodb.com/manual/core/read-isolation-consistency-recency/#causal-consistency',
    );
  }
  if (txn) {
    if (command.startTransaction !== true) {
      throw invalidOptions('Only the first command in a transaction may specify a readConcern');
    }
    if (level !== undefined && !TRANSACTION_LEVELS.has(level as string)) {
      throw invalidOptions(
        `The readConcern level must be either 'local' (default), 'majority' or 'snapshot' in order to run in a transaction`,
      );
    }
    // A transaction always reads from its own snapshot, taken when it starts; a chosen time is not supported here.
    if (rc.atClusterTime !== undefined) throw badValue('atClusterTime in a transaction is not supported by this server');
    return {};
  }
  if (level !== 'snapshot') return {};
  if (!SNAPSHOT_READS.has(name) || (name === 'aggregate' && writesOutput(command))) {
    throw invalidOptions(
      `Command ${name} does not support { readConcern: { level: "snapshot" } } :: caused by :: read concern snapshot not supported`,
    );
  }
  const current = currentSequence();
  if (rc.atClusterTime === undefined) return { snapshotAt: current };
  const at = sequenceOf(rc.atClusterTime);
  if (!historyCovers(at, current)) throw snapshotTooOld(rc.atClusterTime as Timestamp);
  return { snapshotAt: at };
}

function writesOutput(command: Doc): boolean {
  const pipeline = command.pipeline;
  const last: unknown = Array.isArray(pipeline) ? pipeline[pipeline.length - 1] : undefined;
  return isPlainObject(last) && ('$out' in last || '$merge' in last);
}

/** Put the snapshot's `atClusterTime` in a reply: in `cursor` for find / aggregate, at top level for distinct. */
export function withClusterTime(reply: Doc, sequence: number): Doc {
  if (reply.ok !== 1) return reply;
  if (isPlainObject(reply.cursor)) reply.cursor.atClusterTime = clusterTimeOf(sequence);
  else reply.atClusterTime = clusterTimeOf(sequence);
  return reply;
}

const WRITE_CONCERN_COMMANDS = new Set([
  'insert',
  'update',
  'delete',
  'findAndModify',
  'findandmodify',
  'create',
  'drop',
  'dropDatabase',
  'createIndexes',
  'dropIndexes',
  'deleteIndexes',
  'commitTransaction',
  'abortTransaction',
  'aggregate',
]);

/** Refuse a malformed write concern before the command runs (nothing is written). */
export function checkWriteConcern(command: Doc, txn: Transaction | undefined): void {
  const wc: unknown = command.writeConcern;
  if (wc === undefined) return;
  if (txn) throw invalidOptions('writeConcern is not allowed within a multi-statement transaction');
  if (!isPlainObject(wc)) throw typeMismatch(`BSON field 'writeConcern' is the wrong type, expected type 'object'`);
  const w = wc.w;
  if (typeof w === 'number') {
    if (!Number.isInteger(w) || w < 0 || w > 50) {
      throw failedToParse(`w has to be a non-negative number and not greater than 50; found: ${w}`);
    }
  } else if (w !== undefined && typeof w !== 'string' && !isPlainObject(w)) {
    throw failedToParse('w has to be a number, string, or object');
  }
}

/**
 * After the write: one member cannot acknowledge `w` > 1 (100 UnsatisfiableWriteConcern, "Not enough data-bearing
 * nodes"), and it has no tagged write modes (79 UnknownReplWriteConcern). The write itself stands, as in MongoDB.
 */
export function writeConcernError(name: string, command: Doc): Doc | undefined {
  const wc: unknown = command.writeConcern;
  if (!WRITE_CONCERN_COMMANDS.has(name) || !isPlainObject(wc)) return undefined;
  const w = wc.w;
  const errInfo = { writeConcern: { w, wtimeout: wc.wtimeout ?? 0, provenance: 'clientSupplied' } };
  if (typeof w === 'number' && w > 1) {
    return { code: 100, codeName: 'UnsatisfiableWriteConcern', errmsg: 'Not enough data-bearing nodes', errInfo };
  }
  if ((typeof w === 'string' && w !== 'majority') || isPlainObject(w)) {
    const mode = typeof w === 'string' ? w : JSON.stringify(w);
    return {
      code: 79,
      codeName: 'UnknownReplWriteConcern',
      errmsg: `No write concern mode named '${mode}' found in replica set configuration`,
      errInfo,
    };
  }
  return undefined;
}
