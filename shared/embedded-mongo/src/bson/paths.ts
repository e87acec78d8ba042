import { isPlainObject, ownField, setOwnField } from './types.js';

/**
 * Every value a dotted path reaches in a document, descending into arrays the way MongoDB query and
 * index code does. Terminal arrays are expanded into their elements and also reported whole
 * (`wholeArrays`), because `{ tags: ['a','b'] }` matches both `tags: 'a'` and `tags: ['a','b']`.
 * A path that reaches nothing yields `undefined` once (indexed as null, like MongoDB).
 */
export interface PathValues {
  values: unknown[];
  wholeArrays: unknown[][];
}

export function valuesAtPath(doc: unknown, path: string): PathValues {
  const out: PathValues = { values: [], wholeArrays: [] };
  collect(doc, path.split('.'), 0, out);
  if (out.values.length === 0 && out.wholeArrays.length === 0) out.values.push(undefined);
  return out;
}

function collect(node: unknown, parts: string[], at: number, out: PathValues): void {
  if (at === parts.length) {
    if (Array.isArray(node)) {
      out.wholeArrays.push(node);
      if (node.length === 0) out.values.push(undefined);
      else out.values.push(...node);
    } else {
      out.values.push(node);
    }
    return;
  }
  const part = parts[at] as string;
  if (Array.isArray(node)) {
    if (/^\d+$/.test(part) && Number(part) < node.length) collect(node[Number(part)], parts, at + 1, out);
    for (const element of node) if (isPlainObject(element)) collect(element, parts, at, out);
    return;
  }
  if (isPlainObject(node) && Object.hasOwn(node, part)) collect(node[part], parts, at + 1, out);
}

/** Value at a dotted path through plain objects only (no array traversal); undefined when absent. */
export function getPath(doc: unknown, path: string): unknown {
  let node: unknown = doc;
  for (const part of path.split('.')) {
    if (isPlainObject(node)) node = ownField(node, part);
    else if (Array.isArray(node) && /^\d+$/.test(part)) node = node[Number(part)];
    else return undefined;
  }
  return node;
}

/** Set a dotted path, creating intermediate objects. */
export function setPath(doc: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node: Record<string, unknown> = doc;
  for (const part of parts.slice(0, -1)) {
    let next = ownField(node, part);
    if (!isPlainObject(next)) setOwnField(node, part, (next = {}));
    node = next as Record<string, unknown>;
  }
  setOwnField(node, parts[parts.length - 1] as string, value);
}
