import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedMongo } from '../src/index.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const tsc = fileURLToPath(new URL('../../../node_modules/typescript/bin/tsc', import.meta.url));
const dirs: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-mongo-'));
  dirs.push(dir);
  return dir;
}

/** Start the CLI (compiled) in a child process and resolve with its URI. */
function startChild(dataDir: string): Promise<{ child: ChildProcess; uri: string }> {
  const child = spawn(process.execPath, [join(packageDir, 'dist/cli.js'), '--port', '0', '--data', dataDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening: (\S+)/.exec(out);
      if (match) resolve({ child, uri: match[1] as string });
    });
    child.once('exit', (code) => reject(new Error(`child exited early with ${code}`)));
  });
}

beforeAll(() => {
  // The child runs the CLI from dist, so compile this package first.
  execFileSync(process.execPath, [tsc, '-b', packageDir], { stdio: 'inherit' });
});
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('persistence with dataDir', () => {
  it('keeps every acknowledged insert after kill -9 mid-load', async () => {
    const dataDir = tempDir();
    const { child, uri } = await startChild(dataDir);
    const client = new MongoClient(uri, { retryWrites: false, serverSelectionTimeoutMS: 2000, directConnection: true });
    await client.connect();
    const events = client.db('load').collection<{ _id: number; payload: string }>('events');
    const acknowledged: number[] = [];
    let next = 0;
    let stopped = false;
    // Four concurrent writers keep inserts in flight when the kill lands.
    const writer = async () => {
      while (!stopped) {
        const id = next++;
        try {
          await events.insertOne({ _id: id, payload: 'x'.repeat(200) });
          acknowledged.push(id);
        } catch {
          return;
        }
      }
    };
    const writers = [writer(), writer(), writer(), writer()];
    while (acknowledged.length < 1500) await new Promise((r) => setTimeout(r, 5));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    stopped = true;
    await Promise.all(writers);
    await client.close(true);

    const restarted = await EmbeddedMongo.start({ dataDir });
    const check = new MongoClient(restarted.uri);
    try {
      const ids = new Set(
        (
          await check
            .db('load')
            .collection('events')
            .find({}, { projection: { _id: 1 } })
            .toArray()
        ).map((d) => d._id as unknown as number),
      );
      const missing = acknowledged.filter((id) => !ids.has(id));
      expect(acknowledged.length).toBeGreaterThanOrEqual(1500);
      expect(missing).toEqual([]);
    } finally {
      await check.close();
      await restarted.stop();
    }
  });

  it('ignores a torn last journal record and keeps updates, deletes, indexes across restarts', async () => {
    const dataDir = tempDir();
    const first = await EmbeddedMongo.start({ dataDir });
    let client = new MongoClient(first.uri);
    const c = () => client.db('app').collection('accounts');
    await c().createIndex({ email: 1 }, { unique: true });
    await c().insertMany([
      { email: 'a@x.io', n: 1 },
      { email: 'b@x.io', n: 1 },
      { email: 'c@x.io', n: 1 },
    ]);
    await c().updateOne({ email: 'a@x.io' }, { $inc: { n: 41 } });
    await c().deleteOne({ email: 'b@x.io' });
    await client.close();
    // stop() compacts into a snapshot; then a torn record lands in the journal, as if a crash cut a write short.
    await first.stop();
    const journal = join(dataDir, 'journal.log');
    appendFileSync(journal, Buffer.from([0x40, 0x00, 0x00, 0x00, 0xde, 0xad, 0xbe, 0xef, 1, 2, 3]));

    const second = await EmbeddedMongo.start({ dataDir });
    client = new MongoClient(second.uri);
    try {
      const docs = await c()
        .find({}, { projection: { _id: 0 } })
        .sort({ email: 1 })
        .toArray();
      expect(docs).toEqual([
        { email: 'a@x.io', n: 42 },
        { email: 'c@x.io', n: 1 },
      ]);
      await expect(c().insertOne({ email: 'c@x.io' })).rejects.toMatchObject({ code: 11000 });
      // Written after the torn tail was cut off, so the next start must find it.
      await c().insertOne({ email: 'd@x.io' });
    } finally {
      await client.close();
      await second.stop();
    }
    const third = await EmbeddedMongo.start({ dataDir });
    client = new MongoClient(third.uri);
    try {
      expect(await c().countDocuments()).toBe(3);
    } finally {
      await client.close();
      await third.stop();
    }
  });

  it('refuses a second server on a data directory in use, and frees it on stop or failed start', async () => {
    const dataDir = tempDir();
    const first = await EmbeddedMongo.start({ dataDir });
    await expect(EmbeddedMongo.start({ dataDir })).rejects.toThrow(/in use by process/);
    const other = tempDir();
    await expect(EmbeddedMongo.start({ dataDir: other, port: first.port })).rejects.toThrow(/EADDRINUSE/);
    const retried = await EmbeddedMongo.start({ dataDir: other });
    await retried.stop();
    await first.stop();
    const second = await EmbeddedMongo.start({ dataDir });
    await second.stop();
  });

  it('keeps memory-only servers empty across restarts', async () => {
    const a = await EmbeddedMongo.start();
    const client = new MongoClient(a.uri);
    await client.db('m').collection('x').insertOne({ a: 1 });
    await client.close();
    await a.stop();
    const b = await EmbeddedMongo.start();
    const again = new MongoClient(b.uri);
    expect(await again.db('m').collection('x').countDocuments()).toBe(0);
    await again.close();
    await b.stop();
  });
});
