import { isPlainObject, type Doc } from '../bson/types.js';
import { invalidOptions, MongoCommandError, typeMismatch } from '../errors.js';
import { project, validateProjection } from '../query/projection.js';
import { validateCollectionName } from '../storage/storage.js';
import { runPipeline, validatePipeline } from './aggregate.js';
import type { CommandContext } from './context.js';
import { distinctValues, nonNegative } from './find.js';
import { filterOf } from './matching.js';
import { isView, notOnView, resolveView } from './view-catalog.js';

/**
 * Read-only views (`create` with `viewOn` and `pipeline`), as in MongoDB: the definition is a catalog entry;
 * find, count, distinct and aggregate on a view run the view's pipeline over its source first; writes, index
 * commands and listIndexes answer 166 CommandNotSupportedOnView.
 */

/** Commands that refuse a view as their target. */
const NOT_ON_VIEWS: Record<string, string> = {
  insert: 'insert',
  update: 'update',
  delete: 'delete',
  findAndModify: 'findAndModify',
  findandmodify: 'findandmodify',
  createIndexes: 'createIndexes',
  dropIndexes: 'dropIndexes',
  deleteIndexes: 'deleteIndexes',
  listIndexes: 'listIndexes',
};

/** 166 when a write or index command targets a view. */
export function refuseViewTarget(ctx: CommandContext, name: string): void {
  const field = NOT_ON_VIEWS[name];
  if (!field) return;
  const target: unknown = ctx.command[field];
  if (typeof target === 'string' && isView(ctx.catalog.collection(ctx.db, target))) throw notOnView(`${ctx.db}.${target}`);
}

/** `create` with `viewOn`: validate the definition (pipeline, cycles, depth) and store it. */
export function createView(ctx: CommandContext, name: string): Doc {
  const { viewOn, pipeline = [] } = ctx.command;
  if (typeof viewOn !== 'string') {
    throw typeMismatch(`BSON field 'create.viewOn' is the wrong type '${typeof viewOn}', expected type 'string'`);
  }
  if (viewOn === '') throw new MongoCommandError(73, 'InvalidNamespace', "invalid namespace ''");
  if (ctx.txn) {
    throw new MongoCommandError(
      263,
      'OperationNotSupportedInTransaction',
      'Cannot create a view in a multi-document transaction.',
    );
  }
  const stages = validatePipeline(pipeline);
  for (const stage of stages) {
    const stageName = Object.keys(stage)[0] as string;
    if (stageName === '$out' || stageName === '$merge') {
      throw new MongoCommandError(167, 'OptionNotSupportedOnView', `${stageName} cannot be used in a view definition`);
    }
  }
  const options: Doc = { viewOn, pipeline: stages };
  ctx.catalog.createCollection(ctx.db, name, options);
  try {
    // A view on itself, directly or through others, or too deep a chain, is refused (and not kept).
    if (reaches(ctx, viewOn, name)) {
      throw new MongoCommandError(140, 'GraphContainsCycle', `View cycle detected: ${ctx.db}.${name} => ${ctx.db}.${viewOn}`);
    }
    resolveView(ctx, name);
  } catch (error) {
    ctx.storage.apply({ op: 'drop', db: ctx.db, coll: name });
    throw error;
  }
  return { ok: 1 };
}

function reaches(ctx: CommandContext, from: string, target: string): boolean {
  let current = from;
  for (let depth = 0; depth <= 100; depth++) {
    if (current === target) return true;
    const entry = ctx.catalog.collection(ctx.db, current);
    if (!isView(entry)) return false;
    current = entry?.options.viewOn as string;
  }
  return true;
}

/** `pipeline` without `viewOn` is refused as MongoDB does. */
export function checkViewOptions(command: Doc): boolean {
  if (command.viewOn === undefined && command.pipeline !== undefined) {
    throw invalidOptions("'pipeline' requires 'viewOn' to also be specified");
  }
  return command.viewOn !== undefined;
}

/** The view's documents after a find's filter, sort, skip and limit. */
function viewDocuments(ctx: CommandContext, view: string, filter: Doc, sort: unknown, skip: number, limit: number): Doc[] {
  const stages: Doc[] = [];
  if (Object.keys(filter).length > 0) stages.push({ $match: filter });
  if (isPlainObject(sort) && Object.keys(sort).length > 0) stages.push({ $sort: sort });
  if (skip > 0) stages.push({ $skip: skip });
  if (limit > 0) stages.push({ $limit: limit });
  return runPipeline(ctx, view, stages);
}

function findOnView(ctx: CommandContext, view: string): Doc {
  const filter = filterOf(ctx.command.filter);
  const skip = nonNegative(ctx.command.skip, 'skip') ?? 0;
  const limit = nonNegative(ctx.command.limit, 'limit') ?? 0;
  const projection = ctx.command.projection === undefined ? undefined : filterOf(ctx.command.projection, 'projection');
  if (projection) validateProjection(projection);
  const docs = project(viewDocuments(ctx, view, filter, ctx.command.sort, skip, limit), projection, filter);
  const cursor = ctx.cursors.openCursor(`${ctx.db}.${view}`, docs, ctx.command.batchSize, ctx.command.singleBatch === true);
  return { cursor, ok: 1 };
}

function countOnView(ctx: CommandContext, view: string): Doc {
  const skip = nonNegative(ctx.command.skip, 'skip') ?? 0;
  const limit = Math.abs(Number(ctx.command.limit ?? 0));
  return { n: viewDocuments(ctx, view, filterOf(ctx.command.query, 'query'), undefined, skip, limit).length, ok: 1 };
}

function distinctOnView(ctx: CommandContext, view: string, key: string): Doc {
  const docs = viewDocuments(ctx, view, filterOf(ctx.command.query, 'query'), undefined, 0, 0);
  return { values: distinctValues(docs, key), ok: 1 };
}

function viewName(ctx: CommandContext, field: string): string | undefined {
  const name: unknown = ctx.command[field];
  if (typeof name !== 'string') return undefined;
  validateCollectionName(ctx.db, name);
  return isView(ctx.catalog.collection(ctx.db, name)) ? name : undefined;
}

/** find, count and distinct on a view, answered through the view's pipeline (undefined: not a view read). */
export function readOnView(ctx: CommandContext, name: string): Doc | undefined {
  if (name !== 'find' && name !== 'count' && name !== 'distinct') return undefined;
  const view = viewName(ctx, name);
  if (!view) return undefined;
  if (name === 'find') return findOnView(ctx, view);
  if (name === 'count') return countOnView(ctx, view);
  const key = ctx.command.key;
  if (typeof key !== 'string') throw typeMismatch(`BSON field 'distinct.key' is missing or not a string`);
  return distinctOnView(ctx, view, key);
}
