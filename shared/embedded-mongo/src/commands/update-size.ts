import { BSON } from 'bson';
import { isPlainObject, type Doc } from '../bson/types.js';
import { MongoCommandError } from '../errors.js';
import { MAX_BSON_OBJECT_SIZE } from '../wire/messages.js';

/**
 * Upper bounds of stored documents' encoded sizes (exact where measured). Stored documents are never mutated, so a
 * bound stays true for its object. Measuring a document costs about as much as encoding it, and an alert grown by
 * joins was measured whole on every join (ADR 155).
 */
const sizeBounds = new WeakMap<Doc, number>();

/** Operators that never add bytes. */
const SHRINKING = new Set(['$pop', '$pull', '$pullAll', '$unset']);

/**
 * An upper bound of the bytes an operator update can add to a document, or undefined when there is none this cheap
 * (replacements, pipelines, paths with array indexes — `$set: { 'a.1000000': 1 }` backfills nulls — and `$[]` /
 * `$[id]`, which reach every element). Each other path reaches at most one target and adds at most the encoded
 * operand: a value set (or its bigger numeric type), items pushed with array index names up to eight digits (each
 * item's encoding in the operand holds at least three bytes, so four times the operand covers them; inserting at a
 * `$position` lengthens at most eight index names per item), a renamed field's new name; plus the objects created
 * on the way (16 bytes a component covers a type, a size and a terminator).
 */
export function growthBound(update: Doc | Doc[]): number | undefined {
  if (!isPlainObject(update)) return undefined;
  let bound = 0;
  for (const [operator, args] of Object.entries(update)) {
    if (!operator.startsWith('$') || !isPlainObject(args)) return undefined;
    for (const [path, operand] of Object.entries(args)) {
      const parts = path.split('.');
      if (parts.some((part) => /^\d+$/.test(part) || part.startsWith('$['))) return undefined;
      if (SHRINKING.has(operator)) continue;
      bound += 4 * BSON.calculateObjectSize({ [path]: operand }) + 16 * parts.length + 64;
    }
  }
  return bound;
}

function measured(doc: Doc): number {
  const size = BSON.calculateObjectSize(doc);
  sizeBounds.set(doc, size);
  return size;
}

/**
 * MongoDB refuses a write whose resulting document passes 16 MB (code 17419), whatever the update's own size: a
 * document grown one `$push` at a time fails here as it would in production, not only there. With the stored
 * version it came from and the update, a document that cannot have passed the limit (the earlier version's bound
 * plus the update's growth bound) is not measured; it keeps that bound for its own next update.
 */
export function checkUpdatedSize(doc: Doc, from?: Doc, update?: Doc | Doc[]): void {
  const growth = from && update !== undefined ? growthBound(update) : undefined;
  if (from && growth !== undefined) {
    const bound = (sizeBounds.get(from) ?? measured(from)) + growth;
    if (bound <= MAX_BSON_OBJECT_SIZE) {
      sizeBounds.set(doc, bound);
      return;
    }
  }
  if (measured(doc) > MAX_BSON_OBJECT_SIZE) {
    throw new MongoCommandError(17419, 'Location17419', `Resulting document after update is larger than ${MAX_BSON_OBJECT_SIZE}`);
  }
}
