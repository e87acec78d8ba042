import { isPlainObject, type Doc } from '../bson/types.js';
import { MongoCommandError } from '../errors.js';
import type { Collection } from '../storage/collection.js';
import type { CommandContext } from './context.js';

/** MongoDB's limit on views defined on views. */
const MAX_VIEW_DEPTH = 20;

/** A view is stored as a catalog entry with `viewOn` and `pipeline` options and no documents. */
export function isView(collection: Collection | undefined): boolean {
  return typeof collection?.options.viewOn === 'string';
}

export function notOnView(namespace: string): MongoCommandError {
  return new MongoCommandError(166, 'CommandNotSupportedOnView', `Namespace ${namespace} is a view, not a collection`);
}

/** What a view reads: its base collection and the pipeline that runs over it (views on views flattened). */
export interface ResolvedView {
  base: string;
  pipeline: Doc[];
}

/** The view's definition resolved down to a collection, or undefined when `name` is not a view. */
export function resolveView(ctx: CommandContext, name: string): ResolvedView | undefined {
  let entry = ctx.catalog.collection(ctx.db, name);
  if (!isView(entry)) return undefined;
  let pipeline: Doc[] = [];
  let base = name;
  for (let depth = 0; isView(entry); depth++) {
    if (depth >= MAX_VIEW_DEPTH) {
      throw new MongoCommandError(
        165,
        'ViewDepthLimitExceeded',
        `View depth too deep or view cycle detected. Maximum depth is ${MAX_VIEW_DEPTH}`,
      );
    }
    const options = (entry as Collection).options;
    const own = Array.isArray(options.pipeline) ? (options.pipeline as unknown[]).filter(isPlainObject) : [];
    pipeline = [...own, ...pipeline];
    base = options.viewOn as string;
    entry = ctx.catalog.collection(ctx.db, base);
  }
  return { base, pipeline };
}
