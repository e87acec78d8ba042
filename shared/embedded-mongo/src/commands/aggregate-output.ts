import { valuesEqual } from '../bson/compare.js';
import { keyOf } from '../bson/key.js';
import { isPlainObject, type Doc } from '../bson/types.js';
import { badValue, failedToParse, MongoCommandError } from '../errors.js';
import { prepareInsert } from '../query/update.js';
import { Collection, duplicateKeyError, ID_INDEX_SPEC } from '../storage/collection.js';
import { validateCollectionName } from '../storage/storage.js';
import type { CommandContext } from './context.js';
import { isView, notOnView } from './view-catalog.js';
import { findMatching } from './matching.js';

/** `$out` / `$merge` as the last stage: the pipeline's results are written, the cursor is empty. */
export type OutputStage =
  { kind: '$out'; db: string; coll: string } | { kind: '$merge'; db: string; coll: string; spec: MergeSpec };

interface MergeSpec {
  on: string[];
  whenMatched: 'replace' | 'keepExisting' | 'merge' | 'fail';
  whenNotMatched: 'insert' | 'discard' | 'fail';
}

function target(ctx: CommandContext, value: unknown, stage: string): { db: string; coll: string } {
  let found: { db: string; coll: string } | undefined;
  if (typeof value === 'string') found = { db: ctx.db, coll: validateCollectionName(ctx.db, value) };
  else if (isPlainObject(value) && typeof value.coll === 'string') {
    const db = typeof value.db === 'string' ? value.db : ctx.db;
    found = { db, coll: validateCollectionName(db, value.coll) };
  }
  if (!found) throw failedToParse(`${stage} requires a collection name or { db, coll }`);
  // A view cannot be written to.
  if (isView(ctx.storage.collection(found.db, found.coll))) throw notOnView(`${found.db}.${found.coll}`);
  return found;
}

/** Split a trailing `$out` / `$merge` off the pipeline (anywhere else it is an error, as in MongoDB). */
export function outputStage(ctx: CommandContext, pipeline: Doc[]): { stages: Doc[]; output?: OutputStage } {
  pipeline.forEach((stage, i) => {
    if (('$out' in stage || '$merge' in stage) && i !== pipeline.length - 1) {
      throw new MongoCommandError(40601, 'Location40601', `${Object.keys(stage)[0]} can only be the final stage in the pipeline`);
    }
  });
  const last = pipeline[pipeline.length - 1];
  if (!last || !('$out' in last || '$merge' in last)) return { stages: pipeline };
  if (ctx.txn)
    throw new MongoCommandError(
      263,
      'OperationNotSupportedInTransaction',
      `${Object.keys(last)[0]} cannot be used in a transaction`,
    );
  const stages = pipeline.slice(0, -1);
  if ('$out' in last) return { stages, output: { kind: '$out', ...target(ctx, last.$out, '$out') } };
  const raw = last.$merge;
  const spec = isPlainObject(raw) ? raw : { into: raw };
  const on = spec.on === undefined ? ['_id'] : Array.isArray(spec.on) ? spec.on.map(String) : [String(spec.on)];
  const whenMatched = spec.whenMatched ?? 'merge';
  const whenNotMatched = spec.whenNotMatched ?? 'insert';
  if (Array.isArray(whenMatched)) throw badValue('$merge with a pipeline in whenMatched is not supported by this server');
  if (!['replace', 'keepExisting', 'merge', 'fail'].includes(String(whenMatched)))
    throw badValue(`Enumeration value '${String(whenMatched)}' for field 'whenMatched' is not a valid value.`);
  if (!['insert', 'discard', 'fail'].includes(String(whenNotMatched)))
    throw badValue(`Enumeration value '${String(whenNotMatched)}' for field 'whenNotMatched' is not a valid value.`);
  return {
    stages,
    output: { kind: '$merge', ...target(ctx, spec.into, '$merge'), spec: { on, whenMatched, whenNotMatched } as MergeSpec },
  };
}

/**
 * `$out`: the target's documents are replaced by the results, all or nothing. The results are first loaded
 * into a scratch collection carrying the target's indexes, so a duplicate key fails before anything changes.
 */
function writeOut(ctx: CommandContext, output: { db: string; coll: string }, docs: Doc[]): void {
  const existing = ctx.storage.collection(output.db, output.coll);
  const scratch = new Collection(output.db, output.coll);
  for (const index of existing?.indexes ?? []) scratch.addIndex(index.spec);
  const prepared = docs.map((d) => prepareInsert(d));
  for (const doc of prepared) {
    const idKey = keyOf(doc._id);
    if (scratch.docs.has(idKey))
      throw duplicateKeyError(`${output.db}.${output.coll}`, ID_INDEX_SPEC.name, ID_INDEX_SPEC.key, { _id: doc._id });
    const dup = scratch.findDuplicate(doc, idKey);
    if (dup) throw scratch.duplicateError(dup);
    scratch.put(doc);
  }
  const live = ctx.storage.ensureCollection(output.db, output.coll);
  ctx.writer.checkWritable(live, live.docs.keys());
  for (const doc of [...live.docs.values()]) ctx.storage.remove(live, doc._id);
  for (const doc of prepared) ctx.storage.put(live, doc);
}

/** `$merge`: every write is planned (and its locks checked) before any is applied, so a retry repeats nothing. */
function writeMerge(ctx: CommandContext, output: { db: string; coll: string; spec: MergeSpec }, docs: Doc[]): void {
  const live = ctx.storage.ensureCollection(output.db, output.coll);
  const { on, whenMatched, whenNotMatched } = output.spec;
  const inserts: Doc[] = [];
  const replaces: Array<{ idKey: string; doc: Doc }> = [];
  for (const raw of docs) {
    const filter: Doc = {};
    for (const field of on) {
      if (raw[field] === undefined || raw[field] === null || Array.isArray(raw[field])) {
        throw new MongoCommandError(
          51132,
          'Location51132',
          `$merge write error: 'on' field '${field}' cannot be missing, null, undefined or an array`,
        );
      }
      filter[field] = raw[field];
    }
    const match = findMatching(ctx, live, filter).find((d) => on.every((f) => valuesEqual(d[f], filter[f])));
    if (!match) {
      if (whenNotMatched === 'fail')
        throw new MongoCommandError(
          13113,
          'MergeStageNoMatchingDocument',
          '$merge could not find a matching document in the target collection',
        );
      if (whenNotMatched === 'insert') inserts.push(prepareInsert({ ...raw }));
      continue;
    }
    if (whenMatched === 'keepExisting') continue;
    if (whenMatched === 'fail')
      throw duplicateKeyError(`${output.db}.${output.coll}`, ID_INDEX_SPEC.name, ID_INDEX_SPEC.key, { _id: match._id });
    const { _id: _ignored, ...fields } = raw;
    replaces.push({
      idKey: keyOf(match._id),
      doc: whenMatched === 'replace' ? { _id: match._id, ...fields } : { ...match, ...fields },
    });
  }
  ctx.writer.checkWritable(live, [...replaces.map((r) => r.idKey), ...inserts.map((d) => keyOf(d._id))]);
  for (const { idKey, doc } of replaces) ctx.writer.replace(live, idKey, doc);
  for (const doc of inserts) ctx.writer.insert(live, doc);
}

export function writeOutput(ctx: CommandContext, output: OutputStage, docs: Doc[]): void {
  if (output.kind === '$out') writeOut(ctx, output, docs);
  else writeMerge(ctx, output, docs);
}
