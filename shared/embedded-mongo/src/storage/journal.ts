import { BSON, type Document } from 'bson';
import {
  closeSync,
  existsSync,
  fdatasyncSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import type { Doc } from '../bson/types.js';
import type { ChangeSink, Storage, StorageOp } from './storage.js';

/**
 * Durability for `dataDir`: an append-only journal plus a periodic snapshot.
 *
 * Record framing (journal and snapshot alike): uint32 payload length, uint32 CRC-32 of the payload, then a
 * BSON payload `{ ops: [...] }`. One record per acknowledged command (a committed transaction is one
 * record), written with a synchronous `write(2)` before the reply is sent: the bytes are in the OS page
 * cache, so they survive `kill -9` of the process. They are not fsync'ed per write unless `fsync: true`,
 * so power loss or a kernel crash can lose the last writes (MongoDB's own journal commits every 100 ms).
 *
 * Recovery loads the snapshot, then replays journal records in order and stops at the first torn or
 * corrupt record (short length or CRC mismatch), truncating the journal there. Replay is idempotent
 * (every op sets or deletes a whole document / collection / index), so a crash between writing a new
 * snapshot and truncating the journal is harmless.
 *
 * Compaction writes the whole state to `snapshot.bson.tmp`, fsyncs it, renames it over `snapshot.bson`
 * (atomic), fsyncs the directory, then truncates the journal.
 */

const JOURNAL = 'journal.log';
const SNAPSHOT = 'snapshot.bson';
const HEADER = 8;
const SNAPSHOT_DOCS_PER_RECORD = 1000;
const SERIALIZE: BSON.SerializeOptions = { ignoreUndefined: true };
const DESERIALIZE: BSON.DeserializeOptions = { promoteLongs: true, promoteValues: true, promoteBuffers: false };

export interface JournalOptions {
  fsync?: boolean;
  /** Compact when the journal grows beyond this many bytes (default 64 MiB). */
  compactAtBytes?: number;
}

// The payload is the ops' BSON documents back to back (not one array document), so a record is not
// bounded by BSON's 16 MB document limit: a 100,000-document insertMany is still one record.
function frame(ops: StorageOp[]): Buffer {
  const payload = Buffer.concat(ops.map((op) => BSON.serialize(op as Document, SERIALIZE)));
  const head = Buffer.alloc(HEADER);
  head.writeUInt32LE(payload.length, 0);
  head.writeUInt32LE(crc32(payload), 4);
  return Buffer.concat([head, payload]);
}

/** Records of a file up to the first invalid one; `validBytes` is where that one starts. */
export function readRecords(data: Buffer): { records: StorageOp[][]; validBytes: number } {
  const records: StorageOp[][] = [];
  let offset = 0;
  while (offset + HEADER <= data.length) {
    const length = data.readUInt32LE(offset);
    const checksum = data.readUInt32LE(offset + 4);
    const end = offset + HEADER + length;
    if (length < 5 || end > data.length) break;
    const payload = data.subarray(offset + HEADER, end);
    if (crc32(payload) !== checksum) break;
    const ops = decodeOps(payload);
    if (!ops) break;
    records.push(ops);
    offset = end;
  }
  return { records, validBytes: offset };
}

function decodeOps(payload: Buffer): StorageOp[] | undefined {
  const ops: StorageOp[] = [];
  let at = 0;
  try {
    while (at < payload.length) {
      const size = payload.readInt32LE(at);
      if (size < 5 || at + size > payload.length) return undefined;
      ops.push(BSON.deserialize(payload.subarray(at, at + size), DESERIALIZE) as StorageOp);
      at += size;
    }
  } catch {
    return undefined;
  }
  return ops;
}

export class Journal implements ChangeSink {
  private readonly fd: number;
  private bytes: number;

  private constructor(
    private readonly dir: string,
    private readonly storage: Storage,
    private readonly options: JournalOptions,
  ) {
    this.fd = openSync(join(dir, JOURNAL), 'a+');
    this.bytes = fstatSync(this.fd).size;
  }

  /** Recover `storage` from `dir` and start journaling into it. */
  static open(dir: string, storage: Storage, options: JournalOptions = {}): Journal {
    mkdirSync(dir, { recursive: true });
    lockDirectory(dir);
    const snapshotPath = join(dir, SNAPSHOT);
    if (existsSync(snapshotPath)) {
      const data = readFileSync(snapshotPath);
      const { records, validBytes } = readRecords(data);
      if (validBytes !== data.length) throw new Error(`snapshot ${snapshotPath} is corrupt at byte ${validBytes}`);
      for (const ops of records) for (const op of ops) storage.apply(op, true);
    }
    const journalPath = join(dir, JOURNAL);
    if (existsSync(journalPath)) {
      const data = readFileSync(journalPath);
      const { records, validBytes } = readRecords(data);
      for (const ops of records) for (const op of ops) storage.apply(op, true);
      if (validBytes < data.length) {
        // A torn tail (crash mid-write of an unacknowledged record): drop it so new records follow valid ones.
        const fd = openSync(journalPath, 'r+');
        ftruncateSync(fd, validBytes);
        fsyncSync(fd);
        closeSync(fd);
      }
    }
    const journal = new Journal(dir, storage, options);
    storage.setSink(journal);
    return journal;
  }

  append(ops: StorageOp[]): void {
    const record = frame(ops);
    let written = 0;
    while (written < record.length) written += writeSync(this.fd, record, written, record.length - written);
    if (this.options.fsync) fdatasyncSync(this.fd);
    this.bytes += record.length;
    if (this.bytes > (this.options.compactAtBytes ?? 64 * 1024 * 1024)) this.compact();
  }

  /** Write the full state as a new snapshot (temp + fsync + rename) and empty the journal. */
  compact(): void {
    const tmp = join(this.dir, SNAPSHOT + '.tmp');
    const fd = openSync(tmp, 'w');
    try {
      for (const [db, collections] of this.storage.databases) {
        for (const collection of collections.values()) {
          writeAll(fd, frame([{ op: 'create', db, coll: collection.name, options: collection.options }]));
          let chunk: StorageOp[] = [];
          for (const doc of collection.docs.values()) {
            chunk.push({ op: 'put', db, coll: collection.name, doc: doc as Doc });
            if (chunk.length === SNAPSHOT_DOCS_PER_RECORD) {
              writeAll(fd, frame(chunk));
              chunk = [];
            }
          }
          if (chunk.length > 0) writeAll(fd, frame(chunk));
          // Indexes after the documents: loading then builds each index in one sort instead of insert by insert.
          const indexes = collection.indexes.map((index): StorageOp => ({
            op: 'index',
            db,
            coll: collection.name,
            spec: index.spec,
          }));
          if (indexes.length > 0) writeAll(fd, frame(indexes));
        }
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, join(this.dir, SNAPSHOT));
    syncDirectory(this.dir);
    ftruncateSync(this.fd, 0);
    fsyncSync(this.fd);
    this.bytes = 0;
  }

  close(): void {
    closeSync(this.fd);
    rmSync(join(this.dir, LOCK), { force: true });
  }
}

const LOCK = 'vigil-mongo.lock';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** One server per data directory: two writers would interleave journal records. A dead owner's lock is taken over. */
function lockDirectory(dir: string): void {
  const path = join(dir, LOCK);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, String(process.pid), { flag: 'wx' });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(path, 'utf8'));
      if (Number.isInteger(owner) && owner > 0 && isAlive(owner)) {
        throw new Error(`data directory ${dir} is in use by process ${owner}`);
      }
      rmSync(path, { force: true });
    }
  }
  throw new Error(`could not lock data directory ${dir}`);
}

function writeAll(fd: number, buffer: Buffer): void {
  let written = 0;
  while (written < buffer.length) written += writeSync(fd, buffer, written, buffer.length - written);
}

function syncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
