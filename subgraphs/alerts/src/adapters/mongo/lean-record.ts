/**
 * A record for a lean insert (`insertMany(…, { lean: true })`): no mongoose document is built and nothing is
 * validated again, which was most of the CPU of storing a detection batch or an alert on the raise path (ADR 104).
 * Only records this subgraph builds itself, fully typed, go through it. The driver would store an undefined field
 * as null, so those are left out, as a mongoose document leaves them out.
 */
export function leanRecord<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as T;
}
