import type { DBRef } from 'bson';
import { bsonType, isPlainObject, type Doc } from './types.js';

/**
 * DBRefs as MongoDB stores them: plain embedded documents `{ $ref, $id, $db?, ...extra }`. The BSON decoder turns
 * such documents into `DBRef` objects (whose fields are `collection`, `oid`, `db`); the server turns them back
 * on the way in, so paths like `refs.$id`, equality and `$elemMatch` on `$id` see the fields MongoDB sees. The
 * driver turns them into DBRef objects again when it reads the replies.
 */
const DBREF_KEY = Buffer.from('$ref\u0000');

/** Whether a raw BSON document may contain a DBRef (cheap pre-check before walking it). */
export function mayContainDbRef(raw: Uint8Array): boolean {
  return Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).indexOf(DBREF_KEY) >= 0;
}

function plainDbRef(ref: DBRef): Doc {
  const out: Doc = { $ref: ref.collection, $id: plainDbRefs(ref.oid) };
  if (ref.db !== undefined && ref.db !== '') out.$db = ref.db;
  for (const [key, value] of Object.entries(ref.fields ?? {})) out[key] = plainDbRefs(value);
  return out;
}

/** Replace every DBRef object in a decoded value by its document form (in place; returns the value). */
export function plainDbRefs<T>(value: T): T {
  if (bsonType(value) === 'DBRef') return plainDbRef(value as unknown as DBRef) as T;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = plainDbRefs(value[i]);
  } else if (isPlainObject(value)) {
    const doc: Doc = value;
    for (const key of Object.keys(doc)) doc[key] = plainDbRefs(doc[key]);
  }
  return value;
}

/** `$ref`, `$id` and `$db` are field names, not operators (as in MongoDB's query parser). */
export const DBREF_FIELDS = new Set(['$ref', '$id', '$db']);
