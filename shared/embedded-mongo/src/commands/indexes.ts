import { keyOf } from '../bson/key.js';
import { isPlainObject, type Doc } from '../bson/types.js';
import {
  badValue,
  indexKeySpecsConflict,
  indexNotFound,
  indexOptionsConflict,
  invalidOptions,
  MongoCommandError,
  namespaceNotFound,
  typeMismatch,
} from '../errors.js';
import type { IndexSpec } from '../storage/index-engine.js';
import { ID_INDEX_SPEC } from '../storage/collection.js';
import { validateCollectionName } from '../storage/storage.js';
import type { CommandHandler } from './context.js';

const ALLOWED_OPTIONS = new Set([
  'key',
  'name',
  'unique',
  'sparse',
  'partialFilterExpression',
  'expireAfterSeconds',
  'background',
  'v',
  'hidden',
  'ns',
  'collation',
]);
const UNSUPPORTED_KEY_TYPES = new Set(['text', '2d', '2dsphere', 'geoHaystack']);

function cannotCreate(message: string): MongoCommandError {
  return new MongoCommandError(67, 'CannotCreateIndex', message);
}

/** MongoDB's default index name: `field_1_other_-1`. */
export function defaultIndexName(key: Doc): string {
  return Object.entries(key)
    .map(([f, d]) => `${f}_${String(d)}`)
    .join('_');
}

function parseIndexSpec(raw: unknown): IndexSpec {
  if (!isPlainObject(raw)) throw typeMismatch('index specification must be an object');
  for (const option of Object.keys(raw)) {
    if (!ALLOWED_OPTIONS.has(option)) {
      throw new MongoCommandError(
        197,
        'InvalidIndexSpecificationOption',
        `The field '${option}' is not valid for an index specification.`,
      );
    }
  }
  if (raw.collation !== undefined && !(isPlainObject(raw.collation) && raw.collation.locale === 'simple')) {
    throw badValue('index collation is not supported by this server');
  }
  const key = raw.key;
  if (!isPlainObject(key) || Object.keys(key).length === 0) throw cannotCreate('Index keys cannot be empty.');
  for (const [field, direction] of Object.entries(key)) {
    if (typeof direction === 'string') {
      if (UNSUPPORTED_KEY_TYPES.has(direction)) throw cannotCreate(`${direction} indexes are not supported by this server`);
      if (direction !== 'hashed') throw cannotCreate(`Unknown index plugin '${direction}'`);
    } else if (typeof direction !== 'number' || direction === 0 || Number.isNaN(direction)) {
      throw cannotCreate(
        `Values in the index key pattern can only be positive or negative numbers: ${field}: ${String(direction)}`,
      );
    }
    if (field.includes('$**')) throw cannotCreate('wildcard indexes are not supported by this server');
  }
  const spec: IndexSpec = { v: 2, key: { ...key }, name: typeof raw.name === 'string' ? raw.name : defaultIndexName(key) };
  if (raw.unique === true) spec.unique = true;
  if (raw.sparse === true) spec.sparse = true;
  if (raw.partialFilterExpression !== undefined) {
    if (!isPlainObject(raw.partialFilterExpression)) throw cannotCreate('partialFilterExpression must be an object');
    spec.partialFilterExpression = raw.partialFilterExpression;
  }
  if (raw.expireAfterSeconds !== undefined) {
    const seconds = Number(raw.expireAfterSeconds);
    if (!Number.isFinite(seconds) || seconds < 0)
      throw cannotCreate('TTL index expireAfterSeconds must be a non-negative number');
    if (Object.keys(key).length !== 1)
      throw cannotCreate('TTL indexes are single-field indexes, compound indexes do not support TTL');
    spec.expireAfterSeconds = Math.floor(seconds);
  }
  if (spec.name === '_id_' && keyOf(spec.key) !== keyOf(ID_INDEX_SPEC.key))
    throw badValue('The index name _id_ is reserved for the _id index');
  return spec;
}

function sameOptions(a: IndexSpec, b: IndexSpec): boolean {
  return (
    !!a.unique === !!b.unique &&
    !!a.sparse === !!b.sparse &&
    keyOf(a.partialFilterExpression ?? null) === keyOf(b.partialFilterExpression ?? null) &&
    a.expireAfterSeconds === b.expireAfterSeconds
  );
}

export const createIndexes: CommandHandler = (ctx) => {
  const name = validateCollectionName(ctx.db, ctx.command.createIndexes);
  if (!Array.isArray(ctx.command.indexes) || ctx.command.indexes.length === 0) {
    throw badValue('Must specify at least one index to create');
  }
  const specs = (ctx.command.indexes as unknown[]).map(parseIndexSpec);
  const createdCollectionAutomatically = !ctx.catalog.collection(ctx.db, name);
  const collection = ctx.catalog.ensureCollection(ctx.db, name);
  const numIndexesBefore = collection.indexes.length + 1;
  const toCreate: IndexSpec[] = [];
  for (const spec of specs) {
    if (keyOf(spec.key) === keyOf(ID_INDEX_SPEC.key) && (spec.name === '_id_' || !spec.unique)) continue;
    const sameName = collection.index(spec.name);
    const sameKey = collection.indexes.find((i) => keyOf(i.spec.key) === keyOf(spec.key));
    if (sameName) {
      if (keyOf(sameName.spec.key) !== keyOf(spec.key)) {
        throw indexKeySpecsConflict(
          `An existing index has the same name as the requested index. When index names are not specified, they are auto generated and can cause conflicts. Please refer to our documentation. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(sameName.spec)}`,
        );
      }
      if (!sameOptions(sameName.spec, spec)) {
        throw indexOptionsConflict(
          `An equivalent index already exists with the same name but different options. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(sameName.spec)}`,
        );
      }
      continue;
    }
    if (sameKey && sameOptions(sameKey.spec, spec)) {
      throw indexOptionsConflict(`Index already exists with a different name: ${sameKey.name}`);
    }
    toCreate.push(spec);
  }
  ctx.catalog.createIndexes(collection, toCreate);
  const reply: Doc = { numIndexesBefore, numIndexesAfter: collection.indexes.length + 1, createdCollectionAutomatically };
  if (toCreate.length === 0) reply.note = 'all indexes already exist';
  reply.ok = 1;
  return reply;
};

export const listIndexes: CommandHandler = (ctx) => {
  const name = validateCollectionName(ctx.db, ctx.command.listIndexes);
  const collection = ctx.catalog.collection(ctx.db, name);
  if (!collection) throw namespaceNotFound(`ns does not exist: ${ctx.db}.${name}`);
  const batchSize = isPlainObject(ctx.command.cursor) ? ctx.command.cursor.batchSize : undefined;
  const specs = ctx.storage.indexSpecs(collection).map((s) => ({ ...s }));
  return { cursor: ctx.cursors.openCursor(`${ctx.db}.$cmd.listIndexes.${name}`, specs, batchSize), ok: 1 };
};

export const dropIndexes: CommandHandler = (ctx) => {
  const name = validateCollectionName(ctx.db, ctx.command.dropIndexes ?? ctx.command.deleteIndexes);
  const collection = ctx.catalog.collection(ctx.db, name);
  if (!collection) throw namespaceNotFound(`ns not found ${ctx.db}.${name}`);
  const nIndexesWas = collection.indexes.length + 1;
  const target: unknown = ctx.command.index;
  let names: string[];
  if (target === '*') names = collection.indexes.map((i) => i.name);
  else if (typeof target === 'string') names = [target];
  else if (Array.isArray(target)) names = target.map(String);
  else if (isPlainObject(target)) {
    const match = collection.indexes.find((i) => keyOf(i.spec.key) === keyOf(target));
    if (!match) {
      if (keyOf(target) === keyOf(ID_INDEX_SPEC.key)) throw invalidOptions('cannot drop _id index');
      throw indexNotFound(`can't find index with key: ${JSON.stringify(target)}`);
    }
    names = [match.name];
  } else throw typeMismatch("'index' must be a string, an array of strings or an object");
  for (const indexName of names) {
    if (indexName === '_id_') throw invalidOptions('cannot drop _id index');
    if (!collection.index(indexName)) throw indexNotFound(`index not found with name [${indexName}]`);
  }
  for (const indexName of names) ctx.storage.apply({ op: 'dropIndex', db: ctx.db, coll: name, name: indexName });
  return { nIndexesWas, ok: 1 };
};
