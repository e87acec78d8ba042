import type { Doc } from '../bson/types.js';
import type { Collection } from './collection.js';
import type { IndexSpec } from './index-engine.js';
import type { Storage } from './storage.js';

/**
 * The collections a command sees and the DDL it may do: directly on the catalog (auto-commit), or, inside a
 * transaction, with collections and indexes it creates kept private until it commits (MongoDB 4.4+).
 */
export interface CatalogView {
  collection(db: string, name: string): Collection | undefined;
  /** The collection, created (implicitly, as by a first insert) when missing. */
  ensureCollection(db: string, name: string): Collection;
  /** Explicit `create`: 48 NamespaceExists when the name is taken. */
  createCollection(db: string, name: string, options: Doc): Collection;
  createIndexes(collection: Collection, specs: IndexSpec[]): void;
}

export function directCatalog(storage: Storage): CatalogView {
  return {
    collection: (db, name) => storage.collection(db, name),
    ensureCollection: (db, name) => storage.ensureCollection(db, name),
    createCollection: (db, name, options) => storage.createCollection(db, name, options),
    createIndexes: (collection, specs) => {
      for (const spec of specs) storage.apply({ op: 'index', db: collection.database, coll: collection.name, spec });
    },
  };
}
