import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { MAX_UNSENT_BYTES, WallOperation } from '../src/subscriptions/frames.js';

// A wall whose connection stops draining: what the gateway still holds for it is bounded (frames.ts).
function stalledWall() {
  const written: Buffer[] = [];
  const socket = {
    readyState: WebSocket.OPEN as WebSocket['readyState'],
    terminated: 0,
    terminate() {
      this.terminated += 1;
      this.readyState = WebSocket.CLOSED;
    },
  };
  // Nothing is ever taken by the kernel: every written byte stays unsent.
  const connection = {
    get writableLength() {
      return written.reduce((sum, frame) => sum + frame.length, 0);
    },
    write(frame: Buffer) {
      written.push(frame);
      return false;
    },
  };
  return { socket, written, operation: new WallOperation(socket, connection, 'op-1') };
}

describe('WallOperation', () => {
  it('writes whole next frames, and terminates a wall that holds more than MAX_UNSENT_BYTES unsent', () => {
    const { socket, written, operation } = stalledWall();
    const payload = Buffer.from(JSON.stringify({ data: { alertRaised: { id: 'a'.repeat(4000) } } }));
    const frames = Math.ceil(MAX_UNSENT_BYTES / payload.length) + 10;
    for (let i = 0; i < frames; i += 1) operation.writeNext(payload);

    expect(socket.terminated).toBe(1);
    const unsent = written.reduce((sum, frame) => sum + frame.length, 0);
    expect(unsent).toBeGreaterThan(MAX_UNSENT_BYTES);
    // The frame that crossed the bound was the last one written.
    expect(unsent - (written.at(-1)?.length ?? 0)).toBeLessThanOrEqual(MAX_UNSENT_BYTES);
    expect(written.at(-1)?.subarray(-40).toString()).toBe(`${'a'.repeat(35)}"}}}}`);
  });

  it('writes nothing once the WebSocket is no longer open', () => {
    const { socket, written, operation } = stalledWall();
    socket.readyState = WebSocket.CLOSING;
    operation.writeNext(Buffer.from('{"data":{}}'));
    expect(written).toEqual([]);
    expect(socket.terminated).toBe(0);
  });
});
