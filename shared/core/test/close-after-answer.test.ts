/**
 * A body refused before it was all read (413) closes the connection lingering: a client that keeps uploading and reads
 * the answer only afterwards (as most simple HTTP clients do) gets the 413 and then the end — not a reset that throws
 * the answer away — and the linger is bounded by bytes and by time.
 */
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { CHUNK_FRAME, uploadUntilCutOff } from '@vigil/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BodyTooLargeError, LINGER_AFTER_ANSWER_BYTES, readBody, sendBodyTooLarge, sendHttpError } from '../src/server/index.js';

const LIMIT = 256 * 1024;
let server: Server;
let port: number;
/** Resolves when the server closes its side of the next connection. */
const nextServerSideClosed = () =>
  new Promise<void>((resolve) => server.once('connection', (socket: Socket) => socket.once('close', () => resolve())));

beforeAll(async () => {
  server = createServer((request, response) => {
    readBody(request, LIMIT).then(
      () => response.end('read'),
      (error: unknown) => (error instanceof BodyTooLargeError ? sendBodyTooLarge(response, LIMIT) : response.destroy()),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/**
 * A raw chunked upload that does not read: what it later reads, and how the connection ended. `stubborn`: the
 * server's end does not end the client's side (half-open allowed), it goes on sending until it chooses to stop.
 */
function uploader(stubborn = false): { socket: Socket; outcome: Promise<{ read: string; error?: string }> } {
  const socket = connect({ port, host: '127.0.0.1', allowHalfOpen: stubborn });
  socket.pause();
  let read = '';
  let error: string | undefined;
  socket.on('data', (data: Buffer) => (read += data.toString('latin1')));
  socket.on('error', (err: NodeJS.ErrnoException) => (error = err.code ?? err.message));
  const outcome = new Promise<{ read: string; error?: string }>((resolve) => socket.on('close', () => resolve({ read, error })));
  socket.write('POST /graphql HTTP/1.1\r\nhost: vigil\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n');
  return { socket, outcome };
}

const sendChunks = (socket: Socket, count: number) => {
  for (let i = 0; i < count && !socket.destroyed; i++) socket.write(CHUNK_FRAME);
};
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('closing after a refused upload', () => {
  it('a client still uploading reads the 413, then the end (no reset), after it finishes its body', async () => {
    for (let round = 0; round < 3; round++) {
      const { socket, outcome } = uploader();
      sendChunks(socket, 8); // 512 KB: over the cap, so the 413 is sent while it uploads
      await pause(200); // the answer is written meanwhile, unread
      sendChunks(socket, 8);
      socket.write('0\r\n\r\n');
      await pause(100);
      socket.resume();
      const { read, error } = await outcome;
      expect(error).toBeUndefined();
      expect(read).toMatch(/^HTTP\/1\.1 413 /);
      expect(read.toLowerCase()).toContain('connection: close');
      expect(read).toContain(`larger than ${LIMIT} bytes`);
    }
  });

  it('stops reading past the byte bound: a client that never stops uploading is cut off', async () => {
    const { socket, outcome } = uploader(true);
    socket.resume();
    const limit = 2 * LINGER_AFTER_ANSWER_BYTES;
    const sent = await uploadUntilCutOff(socket, limit);
    const { read, error } = await outcome;
    expect(read).toMatch(/^HTTP\/1\.1 413 /);
    expect(sent).toBeLessThan(limit);
    expect(error).toMatch(/EPIPE|ECONNRESET/); // the server closed on it while it was sending
  });

  it('closes a client that goes silent after the answer without closing, at the time bound', async () => {
    const serverClosed = nextServerSideClosed();
    const { socket, outcome } = uploader(true);
    sendChunks(socket, 8);
    socket.resume();
    await serverClosed; // LINGER_AFTER_ANSWER_MS after the answer; without the bound it would wait forever
    socket.destroy();
    const { read, error } = await outcome;
    expect(read).toMatch(/^HTTP\/1\.1 413 /);
    expect(error).toBeUndefined();
  }, 30_000);

  it('any error answered before the body ended (here a 401 before reading) closes it too, bounded', async () => {
    const refusing = createServer((_request, response) =>
      sendHttpError(response, 401, 'UNAUTHENTICATED', 'A gateway-signed identity is required.'),
    );
    await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
    try {
      const { port: refusingPort } = refusing.address() as AddressInfo;
      // A request without a body answered at once keeps its connection (it is not complete yet while its handler runs).
      const bodiless = await fetch(`http://127.0.0.1:${refusingPort}/x`);
      await bodiless.text();
      expect(bodiless.status).toBe(401);
      expect(bodiless.headers.get('connection')).toBe('keep-alive');
      const socket = connect({ port: refusingPort, host: '127.0.0.1', allowHalfOpen: true });
      let read = '';
      socket.on('data', (data: Buffer) => (read += data.toString('latin1')));
      socket.on('error', () => undefined); // the cut-off arrives as a reset while it sends
      socket.write('POST /x HTTP/1.1\r\nhost: vigil\r\ntransfer-encoding: chunked\r\n\r\n');
      const limit = 8 * LINGER_AFTER_ANSWER_BYTES; // Node alone would read on until the request timeout
      const sent = await uploadUntilCutOff(socket, limit);
      socket.destroy();
      expect(read).toMatch(/^HTTP\/1\.1 401 /);
      expect(read.toLowerCase()).toContain('connection: close');
      expect(sent).toBeLessThan(limit);
    } finally {
      await new Promise<void>((resolve) => refusing.close(() => resolve()));
    }
  });
});
