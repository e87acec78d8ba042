import { BSON, type Document } from 'bson';
import { mayContainDbRef, plainDbRefs } from '../bson/dbref.js';
import { noteProtoFields } from '../bson/proto-fields.js';

/** MongoDB wire protocol opcodes this server reads or writes. */
export const OP_REPLY = 1;
export const OP_QUERY = 2004;
export const OP_COMPRESSED = 2012;
export const OP_MSG = 2013;

export const MSG_CHECKSUM_PRESENT = 1;
export const MSG_MORE_TO_COME = 2;

/** MongoDB's maxMessageSizeBytes. */
export const MAX_MESSAGE_SIZE = 48_000_000;
export const MAX_BSON_OBJECT_SIZE = 16 * 1024 * 1024;

/** The byte stream cannot be trusted any more: the connection is closed. */
export class WireFormatError extends Error {}

/** A well-framed message whose BSON does not decode (e.g. a regex flag JavaScript lacks): answered with an error. */
export class InvalidBsonError extends Error {}

export interface IncomingCommand {
  requestId: number;
  opCode: typeof OP_QUERY | typeof OP_MSG;
  /** The command document, with any OP_MSG kind-1 document sequences merged in as arrays. */
  command: Document;
  /** For OP_QUERY, the database taken from `<db>.$cmd`. For OP_MSG it is in `$db`. */
  database: string;
  /** OP_MSG `moreToCome`: the client expects no reply (w:0 writes). */
  moreToCome: boolean;
}

// Documents are decoded with the driver's defaults, except that Longs stay exact: a Long that fits a double
// is promoted to a number (what every driver shows its user), a larger one stays a Long.
const DESERIALIZE: BSON.DeserializeOptions = { promoteLongs: true, promoteBuffers: false, promoteValues: true };

/**
 * `dbRefs`: whether the message may hold a DBRef at all. Both byte scans (DBRefs, `__proto__`) run once over the
 * whole message rather than once per document (a 500-document insert made a thousand scans); a false "may" only
 * costs a walk, never changes a document.
 */
function readDocument(buffer: Buffer, offset: number, end: number, dbRefs: boolean): { doc: Document; next: number } {
  if (offset + 4 > end) throw new WireFormatError('truncated document');
  const size = buffer.readInt32LE(offset);
  if (size < 5 || offset + size > end) throw new WireFormatError('invalid document length');
  let doc: Document;
  try {
    const raw = buffer.subarray(offset, offset + size);
    doc = BSON.deserialize(raw, DESERIALIZE);
    if (dbRefs && mayContainDbRef(raw)) plainDbRefs(doc);
  } catch (error) {
    throw new InvalidBsonError(error instanceof Error ? error.message : String(error));
  }
  return { doc, next: offset + size };
}

function readCString(buffer: Buffer, offset: number, end: number): { value: string; next: number } {
  const zero = buffer.indexOf(0, offset);
  if (zero < 0 || zero >= end) throw new WireFormatError('unterminated cstring');
  return { value: buffer.toString('utf8', offset, zero), next: zero + 1 };
}

/** Parse one complete message (header included). Throws WireFormatError on anything malformed. */
export function parseMessage(message: Buffer): IncomingCommand {
  const requestId = message.readInt32LE(4);
  const opCode = message.readInt32LE(12);
  const end = message.length;
  const dbRefs = mayContainDbRef(message);
  noteProtoFields(message);
  if (opCode === OP_MSG) {
    const flags = message.readUInt32LE(16);
    const bodyEnd = flags & MSG_CHECKSUM_PRESENT ? end - 4 : end;
    let offset = 20;
    let command: Document | undefined;
    const sequences: Array<[string, Document[]]> = [];
    while (offset < bodyEnd) {
      const kind = message.readUInt8(offset);
      offset += 1;
      if (kind === 0) {
        const { doc, next } = readDocument(message, offset, bodyEnd, dbRefs);
        command = doc;
        offset = next;
      } else if (kind === 1) {
        const size = message.readInt32LE(offset);
        const sectionEnd = offset + size;
        if (size < 5 || sectionEnd > bodyEnd) throw new WireFormatError('invalid document sequence length');
        const id = readCString(message, offset + 4, sectionEnd);
        const docs: Document[] = [];
        let at = id.next;
        while (at < sectionEnd) {
          const { doc, next } = readDocument(message, at, sectionEnd, dbRefs);
          docs.push(doc);
          at = next;
        }
        sequences.push([id.value, docs]);
        offset = sectionEnd;
      } else {
        throw new WireFormatError(`unknown OP_MSG section kind ${kind}`);
      }
    }
    if (!command) throw new WireFormatError('OP_MSG without a body section');
    for (const [name, docs] of sequences) {
      const existing: unknown = command[name];
      command[name] = Array.isArray(existing) ? [...(existing as Document[]), ...docs] : docs;
    }
    const database = typeof command.$db === 'string' ? command.$db : 'admin';
    return { requestId, opCode: OP_MSG, command, database, moreToCome: (flags & MSG_MORE_TO_COME) !== 0 };
  }
  if (opCode === OP_QUERY) {
    const ns = readCString(message, 20, end);
    const { doc } = readDocument(message, ns.next + 8, end, dbRefs);
    const dot = ns.value.indexOf('.');
    const database = dot < 0 ? ns.value : ns.value.slice(0, dot);
    if (!ns.value.endsWith('.$cmd')) throw new WireFormatError('legacy OP_QUERY is only supported for commands');
    // Legacy commands may be wrapped as { $query: {...} }.
    const command = (doc.$query && typeof doc.$query === 'object' ? doc.$query : doc) as Document;
    return { requestId, opCode: OP_QUERY, command, database, moreToCome: false };
  }
  throw new WireFormatError(`unsupported opcode ${opCode}`);
}

let nextRequestId = 1;

/** The 16-byte header followed by `extra` zeroed bytes (the opcode's own fields), in one allocation. */
function header(length: number, responseTo: number, opCode: number, extra: number): Buffer {
  const head = Buffer.alloc(16 + extra);
  head.writeInt32LE(length, 0);
  head.writeInt32LE(nextRequestId++ & 0x7fffffff, 4);
  head.writeInt32LE(responseTo, 8);
  head.writeInt32LE(opCode, 12);
  return head;
}

/** Encode a reply in the opcode the request used: OP_MSG for OP_MSG, OP_REPLY for legacy OP_QUERY. */
export function encodeReply(request: Pick<IncomingCommand, 'opCode' | 'requestId'>, reply: Document): Buffer {
  const body = BSON.serialize(reply, { ignoreUndefined: true });
  if (request.opCode === OP_MSG) {
    // flagBits 0 and section kind 0: the five bytes after the header stay zero.
    const length = 16 + 5 + body.length;
    return Buffer.concat([header(length, request.requestId, OP_MSG, 5), body], length);
  }
  const length = 16 + 20 + body.length;
  const head = header(length, request.requestId, OP_REPLY, 20);
  head.writeInt32LE(8, 16); // responseFlags: AwaitCapable; cursorId 0, startingFrom 0
  head.writeInt32LE(1, 32); // numberReturned
  return Buffer.concat([head, body], length);
}
