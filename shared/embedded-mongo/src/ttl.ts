import { keyOf } from './bson/key.js';
import { valuesAtPath } from './bson/paths.js';
import type { Storage } from './storage/storage.js';
import type { LockTable } from './storage/direct-writer.js';

/**
 * Remove documents whose TTL-indexed date field is older than `expireAfterSeconds`. Arrays expire on their
 * earliest date, non-date values never expire (MongoDB's rules). Documents locked by an open transaction
 * are left for the next sweep. Returns how many documents were removed.
 */
export function sweepExpired(storage: Storage, locks: LockTable, now = Date.now()): number {
  let removed = 0;
  for (const db of storage.databases.values()) {
    for (const collection of db.values()) {
      for (const index of collection.indexes) {
        const seconds = index.spec.expireAfterSeconds;
        if (seconds === undefined) continue;
        const field = index.fields[0] as string;
        const expired = [...collection.docs.values()].filter((doc) => {
          const dates = valuesAtPath(doc, field).values.filter((v): v is Date => v instanceof Date);
          if (dates.length === 0) return false;
          const earliest = Math.min(...dates.map((d) => d.getTime()));
          return earliest + seconds * 1000 <= now;
        });
        for (const doc of expired) {
          if (locks.lockRelease(collection.namespace, keyOf(doc._id))) continue;
          storage.remove(collection, doc._id);
          removed++;
        }
      }
    }
  }
  return removed;
}
