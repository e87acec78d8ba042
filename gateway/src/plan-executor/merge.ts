import type { Tree } from './types.js';

/**
 * Merges `incoming` into `existing` in place and returns the merged value. The same outcome as the runtime's
 * `mergeDeep([existing, incoming], false, true, true)` — objects merge key by key, lists of equal length item by
 * item, lists of different lengths are concatenated, anything else is replaced by `incoming` — without copying
 * every object on the way: only the response tree of one request is ever written to.
 */
export function mergeValue(existing: unknown, incoming: unknown): unknown {
  if (incoming === undefined) return existing;
  if (Array.isArray(existing) && Array.isArray(incoming)) {
    if (existing.length !== incoming.length) return [...existing, ...incoming];
    for (let index = 0; index < incoming.length; index++) {
      existing[index] = mergeValue(existing[index], incoming[index]);
    }
    return existing;
  }
  if (isTree(existing) && isTree(incoming)) {
    mergeInto(existing, incoming);
    return existing;
  }
  return incoming;
}

/** Merges an object's keys into `target` (see {@link mergeValue}); new keys keep `incoming`'s values as they are. */
export function mergeInto(target: Tree, incoming: Tree): void {
  for (const key in incoming) {
    if (key === '__proto__') continue;
    const value = incoming[key];
    target[key] = Object.prototype.hasOwnProperty.call(target, key) ? mergeValue(target[key], value) : value;
  }
}

export function isTree(value: unknown): value is Tree {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
