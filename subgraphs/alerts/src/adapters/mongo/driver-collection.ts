import type { mongo } from 'mongoose';

/**
 * A model's collection as the driver sees it, for the commands on the alert's way through detection (ADR 157): the
 * history's insert, watermark, recording count and window reads, the raise's claims, reads and inserts. Their filters,
 * updates and records are built here with the values as stored (strings, numbers, dates), so mongoose's query
 * building, casting and its lean insert machinery only cost CPU on a path that is a serial chain of one core's CPU.
 * Mongoose types its collections with ObjectId ids; ours are strings.
 */
export function driverCollection<T extends mongo.Document>(model: { readonly collection: unknown }): mongo.Collection<T> {
  return model.collection as mongo.Collection<T>;
}
