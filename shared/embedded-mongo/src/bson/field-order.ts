import { setOwnField, type Doc } from './types.js';

/**
 * MongoDB keeps the stored document's field order (`_id` first) and appends computed fields in
 * projection order; mingo emits fields in projection order with `_id` last.
 */
export function inDocumentOrder(projected: Doc, original: Doc, projection: Doc): Doc {
  const originalKeys = Object.keys(original);
  const projectionKeys = Object.keys(projection);
  const rank = (key: string) => {
    const at = originalKeys.indexOf(key);
    return at >= 0 ? at : originalKeys.length + projectionKeys.indexOf(key);
  };
  const keys = Object.keys(projected).sort((a, b) => rank(a) - rank(b));
  const out: Doc = {};
  for (const key of keys) setOwnField(out, key, projected[key]);
  return out;
}

/** `_id` first, as MongoDB emits it from $group / $bucket style stages. */
export function idFirst(doc: Doc): Doc {
  if (!('_id' in doc) || Object.keys(doc)[0] === '_id') return doc;
  const { _id, ...rest } = doc;
  return { _id, ...rest };
}
