import { Query } from 'mingo/query';
import { isPlainObject, type Doc } from '../bson/types.js';
import { badValue, MongoCommandError } from '../errors.js';
import { MINGO_OPTIONS } from '../query/filter.js';
import { validateCollectionName } from '../storage/storage.js';
import type { CommandContext, CommandHandler } from './context.js';
import { isView } from './view-catalog.js';
import { checkViewOptions, createView } from './views.js';

const UNSUPPORTED_CREATE_OPTIONS = [
  'capped',
  'timeseries',
  'clusteredIndex',
  'validator',
  'changeStreamPreAndPostImages',
  'collation',
];

export function adminOnly(ctx: CommandContext, name: string): void {
  if (ctx.db !== 'admin') throw new MongoCommandError(13, 'Unauthorized', `${name} may only be run against the admin database.`);
}

export const create: CommandHandler = (ctx) => {
  const name = validateCollectionName(ctx.db, ctx.command.create);
  if (checkViewOptions(ctx.command)) {
    for (const option of UNSUPPORTED_CREATE_OPTIONS) {
      if (ctx.command[option] !== undefined && ctx.command[option] !== false)
        throw badValue(`create option '${option}' is not supported by this server`);
    }
    return createView(ctx, name);
  }
  for (const option of UNSUPPORTED_CREATE_OPTIONS) {
    if (ctx.command[option] !== undefined && ctx.command[option] !== false)
      throw badValue(`create option '${option}' is not supported by this server`);
  }
  ctx.catalog.createCollection(ctx.db, name, {});
  return { ok: 1 };
};

/** MongoDB 7.0 answers ok for dropping a collection that does not exist. */
export const drop: CommandHandler = (ctx) => {
  const name = validateCollectionName(ctx.db, ctx.command.drop);
  const collection = ctx.storage.collection(ctx.db, name);
  if (!collection) return { ok: 1 };
  const nIndexesWas = collection.indexes.length + 1;
  ctx.storage.apply({ op: 'drop', db: ctx.db, coll: name });
  return { nIndexesWas, ns: `${ctx.db}.${name}`, ok: 1 };
};

export const dropDatabase: CommandHandler = (ctx) => {
  if (ctx.storage.databases.has(ctx.db)) ctx.storage.apply({ op: 'dropDb', db: ctx.db });
  return { ok: 1 };
};

function filterWith(docs: Doc[], filter: unknown): Doc[] {
  if (!isPlainObject(filter) || Object.keys(filter).length === 0) return docs;
  const query = new Query(filter, MINGO_OPTIONS);
  return docs.filter((d) => query.test(d));
}

export const listCollections: CommandHandler = (ctx) => {
  const nameOnly = ctx.command.nameOnly === true;
  const docs: Doc[] = ctx.storage.collections(ctx.db).map((c) => {
    if (isView(c))
      return nameOnly
        ? { name: c.name, type: 'view' }
        : { name: c.name, type: 'view', options: c.options, info: { readOnly: true } };
    return nameOnly
      ? { name: c.name, type: 'collection' }
      : {
          name: c.name,
          type: 'collection',
          options: c.options,
          info: { readOnly: false },
          idIndex: { v: 2, key: { _id: 1 }, name: '_id_' },
        };
  });
  const batchSize = isPlainObject(ctx.command.cursor) ? ctx.command.cursor.batchSize : undefined;
  return {
    cursor: ctx.cursors.openCursor(`${ctx.db}.$cmd.listCollections`, filterWith(docs, ctx.command.filter), batchSize),
    ok: 1,
  };
};

export const listDatabases: CommandHandler = (ctx) => {
  adminOnly(ctx, 'listDatabases');
  const all: Doc[] = [...ctx.storage.databases.keys()].map((name) => ({ name, sizeOnDisk: 0, empty: false }));
  const databases = filterWith(all, ctx.command.filter);
  if (ctx.command.nameOnly === true) return { databases: databases.map((d) => ({ name: d.name })), ok: 1 };
  return { databases, totalSize: 0, totalSizeMb: 0, ok: 1 };
};

export const endSessions: CommandHandler = (ctx) => {
  const ids = ctx.command.endSessions;
  if (Array.isArray(ids)) ctx.sessions.endSessions(ids);
  return { ok: 1 };
};

export const dbStats: CommandHandler = (ctx) => {
  const all = ctx.storage.collections(ctx.db);
  const collections = all.filter((c) => !isView(c));
  const objects = collections.reduce((n, c) => n + c.docs.size, 0);
  return {
    db: ctx.db,
    collections: collections.length,
    views: all.length - collections.length,
    objects,
    indexes: collections.reduce((n, c) => n + c.indexes.length + 1, 0),
    ok: 1,
  };
};
