import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { nextMessageFrame } from '../src/subscriptions/text-frame.js';

// Frames written by nextMessageFrame straight to a server socket, read by a real ws client: every length class of
// RFC 6455 (7-bit, 16-bit, 64-bit lengths, at their boundaries) and multi-byte UTF-8 (bytes, not characters).
const servers: WebSocketServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function receivedAfterWriting(frames: Buffer[]): Promise<string[]> {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
  servers.push(server);
  await new Promise((resolve) => server.once('listening', resolve));
  server.on('connection', (_socket, request) => {
    for (const frame of frames) request.socket.write(frame);
  });
  const client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`);
  const messages: string[] = [];
  await new Promise<void>((resolve, reject) => {
    client.on('message', (data, isBinary) => {
      if (isBinary) reject(new Error('expected a text message'));
      messages.push(data.toString());
      if (messages.length === frames.length) resolve();
    });
    client.on('error', reject);
    client.on('close', (code) => reject(new Error(`closed ${code} after ${messages.length} messages`)));
  });
  client.terminate();
  return messages;
}

describe('nextMessageFrame', () => {
  it('frames prefix + payload + "}" as one text message, for every length class and multi-byte text', async () => {
    const prefix = Buffer.from('{"id":"op-1","type":"next","payload":');
    // Message lengths around 125/126 and 65,535/65,536 bytes, and a payload whose byte length exceeds its characters.
    const payloadOf = (messageLength: number) => JSON.stringify({ data: 'x'.repeat(messageLength - prefix.length - 12) });
    const payloads = [
      payloadOf(125),
      payloadOf(126),
      payloadOf(65_535),
      payloadOf(65_536),
      payloadOf(200_000),
      JSON.stringify({ data: { name: 'Zoë — 東京 🛡️' } }),
    ];
    const expected = payloads.map((payload) => `${prefix.toString()}${payload}}`);
    expect(expected.slice(0, 4).map((message) => Buffer.byteLength(message))).toEqual([125, 126, 65_535, 65_536]);

    const received = await receivedAfterWriting(payloads.map((payload) => nextMessageFrame(prefix, Buffer.from(payload))));
    expect(received).toEqual(expected);
    expect(received.map((message) => JSON.parse(message))).toContainEqual({
      id: 'op-1',
      type: 'next',
      payload: { data: { name: 'Zoë — 東京 🛡️' } },
    });
  });
});
