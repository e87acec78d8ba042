/** The last byte of every `next` message: it closes the object the prefix opened. */
const CLOSING_BRACE = 0x7d;
/** FIN + opcode 1 (text): a whole text message in one frame (RFC 6455, section 5.2). */
const FIN_TEXT = 0x81;

/**
 * A server-to-client WebSocket frame (unmasked, uncompressed, one fragment) carrying the text message
 * `prefix + payload + "}"`, in one buffer: one socket write per wall. `prefix` is the wall's own
 * `{"id":…,"type":"next","payload":` (built once per operation), `payload` the group's result, encoded once per
 * event; only these bytes are copied per wall. Both are UTF-8, so their byte lengths are the message's length.
 */
export function nextMessageFrame(prefix: Uint8Array, payload: Uint8Array): Buffer {
  const length = prefix.length + payload.length + 1;
  const headerLength = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(headerLength + length);
  frame[0] = FIN_TEXT;
  if (headerLength === 2) frame[1] = length;
  else if (headerLength === 4) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  frame.set(prefix, headerLength);
  frame.set(payload, headerLength + prefix.length);
  frame[frame.length - 1] = CLOSING_BRACE;
  return frame;
}
