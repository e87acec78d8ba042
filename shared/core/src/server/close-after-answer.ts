import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/**
 * How long, and how many more body bytes, a connection answered before its upload ended is still read (and dropped)
 * before it is closed. Bounded both ways: a client cannot hold the socket open, or make the server read, past them.
 */
export const LINGER_AFTER_ANSWER_MS = 5_000;
export const LINGER_AFTER_ANSWER_BYTES = 64 * 1024 * 1024;

/**
 * Answers on this response close the connection (`Connection: close`) — used when the request's body is refused
 * before it was all read (413), so the unread rest is never parsed as a next request — and close it *lingering*.
 *
 * Why: Node closes a `Connection: close` socket as soon as the answer is written (`socket.destroySoon`). A client
 * still uploading then sends into a closed socket; the kernel answers with a reset, and a reset that reaches the
 * client before it read the answer discards it: the client sees EPIPE / ECONNRESET instead of the 413 that says what
 * to change (every client that reads the answer only after sending its body, as most simple HTTP clients do).
 * Lingering, as HTTP servers do on such a close: after the answer, half-close (the client reads the answer and then
 * the end), read and drop whatever it still sends, and close when it closes, or at the bounds above.
 */
export function closeAfterAnswer(response: ServerResponse): void {
  response.setHeader('connection', 'close');
  const socket = response.socket;
  if (!socket) return;
  // Node calls destroySoon on this socket once the answer is written, because of the header above.
  socket.destroySoon = () => lingerThenClose(socket, response);
}

/**
 * For an answer sent before the request's body ended (refused: unauthenticated, rate limited, wrong method, …): the
 * connection closes lingering after it. Otherwise Node would read and drop the rest of the body to keep the
 * connection — all of it, however long the client streams (an anonymous client streaming an endless chunked upload
 * after its 401 kept a gateway core reading ~1 GB/s until the request timeout).
 */
export function closeIfUploadUnfinished(response: ServerResponse): void {
  const request = response.req;
  // `complete` alone is not enough: a request without a body is not complete yet while its handler runs.
  const hasBody = request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;
  if (hasBody && !request.complete && !response.headersSent) closeAfterAnswer(response);
}

function lingerThenClose(socket: Socket, response: ServerResponse): void {
  const request = response.req;
  let dropped = 0;
  const close = () => {
    clearTimeout(deadline);
    socket.destroy();
  };
  const deadline = setTimeout(close, LINGER_AFTER_ANSWER_MS);
  deadline.unref();
  socket.once('close', () => clearTimeout(deadline));
  socket.once('end', close);
  socket.end();
  // Counted on the socket: once Node has dumped the request (answered before anyone read it), the parser no longer
  // hands body bytes to the request at all.
  socket.on('data', (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > LINGER_AFTER_ANSWER_BYTES) close();
  });
  // A paused request holds the socket's reading back (backpressure): resumed, what arrives is read and dropped.
  request.resume();
}
