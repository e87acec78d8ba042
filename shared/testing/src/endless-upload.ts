import type { Socket } from 'node:net';

/** One 64 KiB chunk of an HTTP chunked body (spaces): what the endless uploads below send again and again. */
export const CHUNK_FRAME = Buffer.concat([Buffer.from('10000\r\n'), Buffer.alloc(64 * 1024, 0x20), Buffer.from('\r\n')]);

/**
 * Writes CHUNK_FRAME to `socket` as fast as it drains until the server closes the connection or `limitBytes` went
 * out; resolves with the bytes written. For checking that a server cuts off a client that never stops uploading.
 */
export function uploadUntilCutOff(socket: Socket, limitBytes: number): Promise<number> {
  return new Promise((resolve) => {
    let sent = 0;
    socket.once('close', () => resolve(sent));
    const more = () => {
      while (!socket.destroyed && sent < limitBytes) {
        sent += CHUNK_FRAME.length;
        if (!socket.write(CHUNK_FRAME)) return void socket.once('drain', more);
      }
      if (sent >= limitBytes) resolve(sent);
    };
    more();
  });
}
