import { BSON } from 'bson';
import { MongoClient } from 'mongodb';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedMongo } from '../src/index.js';

let server: EmbeddedMongo;

beforeAll(async () => {
  server = await EmbeddedMongo.start();
});
afterAll(async () => server.stop());

function open(): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

function readReply(socket: Socket): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let data = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      if (data.length >= 4 && data.length >= data.readInt32LE(0)) {
        socket.off('data', onData);
        resolve(data.subarray(0, data.readInt32LE(0)));
      }
    };
    socket.on('data', onData);
    socket.once('close', () => reject(new Error('closed')));
  });
}

function opQuery(command: object): Buffer {
  const ns = Buffer.from('admin.$cmd\0');
  const body = BSON.serialize(command);
  const head = Buffer.alloc(16);
  const fixed = Buffer.alloc(12);
  fixed.writeInt32LE(0, 0);
  const tail = Buffer.alloc(8);
  tail.writeInt32LE(0, 0);
  tail.writeInt32LE(-1, 4);
  const length = 16 + 4 + ns.length + 8 + body.length;
  head.writeInt32LE(length, 0);
  head.writeInt32LE(7, 4);
  head.writeInt32LE(0, 8);
  head.writeInt32LE(2004, 12);
  return Buffer.concat([head, fixed.subarray(0, 4), ns, tail, body]);
}

function opMsg(command: object, flags = 0, sequence?: { id: string; docs: object[] }): Buffer {
  const body = Buffer.concat([Buffer.from([0]), BSON.serialize(command)]);
  const parts = [body];
  if (sequence) {
    const docs = Buffer.concat(sequence.docs.map((d) => BSON.serialize(d)));
    const id = Buffer.from(sequence.id + '\0');
    const size = Buffer.alloc(4);
    size.writeInt32LE(4 + id.length + docs.length, 0);
    parts.push(Buffer.concat([Buffer.from([1]), size, id, docs]));
  }
  const payload = Buffer.concat(parts);
  const head = Buffer.alloc(20);
  head.writeInt32LE(20 + payload.length, 0);
  head.writeInt32LE(9, 4);
  head.writeInt32LE(2013, 12);
  head.writeUInt32LE(flags, 16);
  return Buffer.concat([head, payload]);
}

const msgBody = (reply: Buffer) => BSON.deserialize(reply.subarray(21));

describe('wire protocol', () => {
  it('answers a legacy OP_QUERY isMaster with OP_REPLY', async () => {
    const socket = await open();
    socket.write(opQuery({ isMaster: 1, helloOk: true }));
    const reply = await readReply(socket);
    expect(reply.readInt32LE(12)).toBe(1);
    expect(reply.readInt32LE(8)).toBe(7);
    const doc = BSON.deserialize(reply.subarray(36));
    expect(doc).toMatchObject({ ismaster: true, helloOk: true, setName: 'vigil-rs', maxWireVersion: 21, ok: 1 });
    socket.destroy();
  });

  it('merges kind-1 document sequences and honours moreToCome (no reply)', async () => {
    const socket = await open();
    socket.write(opMsg({ insert: 'seq', $db: 'wire' }, 2, { id: 'documents', docs: [{ _id: 1 }, { _id: 2 }] }));
    socket.write(opMsg({ count: 'seq', $db: 'wire' }));
    const reply = await readReply(socket);
    // The first reply on the socket is the count's: the w:0 insert sent none.
    expect(reply.readInt32LE(8)).toBe(9);
    expect(msgBody(reply)).toMatchObject({ n: 2, ok: 1 });
    socket.destroy();
  });

  it('closes the socket on an oversized or malformed message instead of hanging', async () => {
    const big = await open();
    const head = Buffer.alloc(16);
    head.writeInt32LE(64 * 1024 * 1024, 0);
    big.write(head);
    await new Promise((resolve) => big.once('close', resolve));

    const garbage = await open();
    const bad = Buffer.alloc(30, 0xab);
    bad.writeInt32LE(30, 0);
    bad.writeInt32LE(2013, 12);
    garbage.write(bad);
    await new Promise((resolve) => garbage.once('close', resolve));

    // The server is still healthy.
    const ok = await open();
    ok.write(opMsg({ ping: 1, $db: 'admin' }));
    expect(msgBody(await readReply(ok))).toMatchObject({ ok: 1 });
    ok.destroy();
  });

  it('answers undecodable BSON in a well-framed message with InvalidBSON and keeps the connection', async () => {
    const socket = await open();
    const message = opMsg({ ping: 1, $db: 'admin' });
    // Corrupt the element type byte of the first field ("ping", an int32 = 0x10) into an unknown type.
    message[21 + 4] = 0x99;
    socket.write(message);
    expect(msgBody(await readReply(socket))).toMatchObject({ ok: 0, code: 22, codeName: 'InvalidBSON' });
    socket.write(opMsg({ ping: 1, $db: 'admin' }));
    expect(msgBody(await readReply(socket))).toMatchObject({ ok: 1 });
    socket.destroy();
  });

  it('works with and without directConnection=true', async () => {
    for (const uri of [server.uri, `mongodb://127.0.0.1:${server.port}/?directConnection=true`]) {
      const client = new MongoClient(uri, { serverSelectionTimeoutMS: 3000 });
      await client.connect();
      const session = client.startSession();
      try {
        await session.withTransaction(async () => {
          await client.db('dc').collection('t').insertOne({ uri }, { session });
        });
      } finally {
        await session.endSession();
      }
      expect(await client.db('dc').collection('t').countDocuments({ uri })).toBe(1);
      await client.close();
    }
  });
});
