/**
 * Whether `value` is already what `JSON.parse(JSON.stringify(value))` would give back, as far as `canonicalJson`
 * (the upstream signature's digest, @vigil/core) can tell: strings, booleans, null, finite numbers, arrays without
 * holes or undefined items, and objects of the plain kind (Object or null prototype) whose own enumerable members
 * are all such values. Anything JSON writes differently (undefined members, `toJSON`, Dates, NaN, Maps, class
 * instances, functions, BigInt) answers false.
 *
 * The signing plugin used to clone every subgraph call's variables through JSON text to sign what the subgraph will
 * parse; the representations the plan executor sends are JSON-parsed already, so the clone only cost a
 * stringify, a parse and their garbage (ADR 158). Checking costs one walk and no allocation.
 */
export function isJsonShaped(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object':
      if (value === null) return true;
      return Array.isArray(value) ? isJsonShapedList(value) : isJsonShapedRecord(value);
    default:
      return false;
  }
}

function isJsonShapedList(list: readonly unknown[]): boolean {
  // Indexes, not `every`: `every` skips holes, which JSON writes as null.
  for (let i = 0; i < list.length; i += 1) if (!isJsonShaped(list[i])) return false;
  return true;
}

function isJsonShapedRecord(record: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(record);
  if (prototype !== Object.prototype && prototype !== null) return false;
  const members = record as Record<string, unknown>;
  for (const key in members) {
    if (Object.hasOwn(members, key) && !isJsonShaped(members[key])) return false;
  }
  // An inherited enumerable member would be read by neither JSON.stringify nor Object.keys: nothing to check.
  return true;
}
