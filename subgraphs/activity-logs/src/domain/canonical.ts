/**
 * Canonical encoding for hashing and signing: JSON with object keys sorted, `undefined` fields dropped,
 * Dates as ISO-8601 UTC. The same logical value always yields the same bytes, whatever the field order
 * MongoDB or a client returned it in.
 */
export type Canonicalisable =
  string | number | boolean | null | undefined | Date | readonly Canonicalisable[] | { readonly [key: string]: Canonicalisable };

export function canonicalJson(value: Canonicalisable): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value))
    return `[${value.map((item: Canonicalisable) => canonicalJson(item === undefined ? null : item)).join(',')}]`;
  if (typeof value === 'object') {
    const record = value as { readonly [key: string]: Canonicalisable };
    const fields = Object.keys(record)
      .filter((key) => record[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
    return `{${fields.join(',')}}`;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('Cannot canonicalise a non-finite number');
  return JSON.stringify(value);
}
