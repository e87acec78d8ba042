/**
 * `explain` of a find (what the driver's `cursor.explain()` sends), in MongoDB's shape: how the read was
 * answered (`queryPlanner.winningPlan.stage`: IDHACK, IXSCAN with its index, COLLSCAN, or EOF for a missing
 * collection) and how many documents it examined (`executionStats`). Services' tests use it to hold the
 * queries of their hot paths to an index. Only find can be explained here; anything else is refused.
 */
import { isPlainObject } from '../bson/types.js';
import { badValue } from '../errors.js';
import type { PlanInfo } from '../query/plan.js';
import { validateCollectionName } from '../storage/storage.js';
import type { CommandHandler } from './context.js';
import { nonNegative } from './find.js';
import { filterOf, findMatching } from './matching.js';

export const explain: CommandHandler = (ctx) => {
  const inner = ctx.command.explain;
  if (!isPlainObject(inner) || typeof inner.find !== 'string') throw badValue('Only a find command can be explained.');
  const name = validateCollectionName(ctx.db, inner.find);
  const skip = nonNegative(inner.skip, 'skip') ?? 0;
  const limit = nonNegative(inner.limit, 'limit') ?? 0;
  const collection = ctx.catalog.collection(ctx.db, name);
  const plan: PlanInfo = { stage: 'COLLSCAN' };
  const docs = findMatching(ctx, collection, filterOf(inner.filter), inner.sort, limit > 0 ? skip + limit : 0, plan);
  const returned = docs.slice(skip, limit > 0 ? skip + limit : undefined).length;
  const winningPlan = collection
    ? { stage: plan.stage, ...(plan.indexName ? { indexName: plan.indexName } : {}) }
    : { stage: 'EOF' };
  return {
    queryPlanner: { namespace: `${ctx.db}.${name}`, winningPlan },
    executionStats: { nReturned: returned, totalDocsExamined: collection ? (plan.examined ?? 0) : 0 },
    ok: 1,
  };
};
