import { Aggregator } from 'mingo/aggregator';
import { ProcessingMode } from 'mingo/core';
import * as pipelineOperators from 'mingo/operators/pipeline';
import { hideProtoFields, restoreProtoFields } from '../bson/proto-fields.js';
import { cloneValue, isPlainObject, type Doc } from '../bson/types.js';
import { badValue, failedToParse, MongoCommandError } from '../errors.js';
import { asMongoError, MINGO_OPTIONS } from '../query/filter.js';
import { parseSort } from '../query/sort.js';
import { validateCollectionName } from '../storage/storage.js';
import type { CommandContext, CommandHandler } from './context.js';
import { outputStage, writeOutput } from './aggregate-output.js';
import { resolveView } from './view-catalog.js';
import { checkHint, findMatching, letVariables, rejectUnsupportedOptions, retryOnLock } from './matching.js';

/** Stages that read or write outside the pipeline, or need features this server lacks. */
const UNSUPPORTED_STAGES = new Set([
  '$geoNear',
  '$search',
  '$searchMeta',
  '$vectorSearch',
  '$changeStream',
  '$collStats',
  '$indexStats',
  '$currentOp',
  '$listSessions',
  '$listLocalSessions',
  '$planCacheStats',
  '$shardedDataDistribution',
  '$changeStreamSplitLargeEvent',
  '$listSampledQueries',
  '$listSearchIndexes',
  '$queryStats',
]);

/** Stages this server runs (mingo's, with ours in its context). */
const KNOWN_STAGES = new Set(Object.keys(pipelineOperators));

export function validatePipeline(pipeline: unknown, nested = false): Doc[] {
  if (!Array.isArray(pipeline)) throw typeMismatchPipeline();
  for (const stage of pipeline as unknown[]) {
    if (!isPlainObject(stage) || Object.keys(stage).length !== 1) {
      throw new MongoCommandError(
        40323,
        'Location40323',
        'A pipeline stage specification object must contain exactly one field.',
      );
    }
    const name = Object.keys(stage)[0] as string;
    if (UNSUPPORTED_STAGES.has(name)) throw badValue(`${name} is not supported by this server`);
    if (!KNOWN_STAGES.has(name)) {
      throw new MongoCommandError(40324, 'Location40324', `Unrecognized pipeline stage name: '${name}'`);
    }
    if (nested && (name === '$out' || name === '$merge')) {
      throw new MongoCommandError(
        51047,
        'Location51047',
        `${name} is not allowed within a $lookup, $facet or $unionWith pipeline`,
      );
    }
    if (name === '$lookup' || name === '$unionWith') {
      const inner = (stage[name] as Doc | undefined)?.pipeline;
      if (inner !== undefined) validatePipeline(inner, true);
    }
    if (name === '$facet' && isPlainObject(stage[name]))
      for (const sub of Object.values(stage[name] as Doc)) validatePipeline(sub, true);
  }
  return pipeline as Doc[];
}

function typeMismatchPipeline(): MongoCommandError {
  return new MongoCommandError(14, 'TypeMismatch', "'pipeline' option must be specified as an array");
}

/** A whole number of documents from a `$limit` / `$skip` stage, if it is one. */
function stageCount(stage: Doc | undefined, name: '$limit' | '$skip'): number | undefined {
  const n = stage?.[name];
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : undefined;
}

/**
 * Run a pipeline over a collection. A leading `$match`, a `$sort` after it (or first), and a `$limit`
 * (after an optional `$skip`) following that are answered through the indexes: the read returns the
 * sorted, cut documents, the `$sort` stage is dropped, and `$skip` / `$limit` stay (they then cut nothing).
 */
export function runPipeline(ctx: CommandContext, collectionName: string, pipeline: Doc[]): Doc[] {
  // A view reads its base collection through its own pipeline first.
  const view = resolveView(ctx, collectionName);
  if (view) return runPipeline(ctx, view.base, [...view.pipeline, ...pipeline]);
  const collection = ctx.catalog.collection(ctx.db, collectionName);
  let stages = pipeline;
  let filter: Doc = {};
  if (stages[0] && isPlainObject(stages[0].$match)) {
    filter = stages[0].$match;
    stages = stages.slice(1);
  }
  let sort: Doc | undefined;
  let limit = 0;
  if (stages[0] && isPlainObject(stages[0].$sort) && parseSort(stages[0].$sort)) {
    sort = stages[0].$sort;
    stages = stages.slice(1);
    const skip = stageCount(stages[0], '$skip');
    const cut = stageCount(stages[skip === undefined ? 0 : 1], '$limit');
    if (cut !== undefined && cut > 0) limit = (skip ?? 0) + cut;
  }
  const input = findMatching(ctx, collection, filter, sort, limit);
  try {
    const variables = letVariables(ctx);
    const output = new Aggregator(stages, {
      ...MINGO_OPTIONS,
      ...(variables ? { variables } : {}),
      processingMode: ProcessingMode.CLONE_INPUT,
      // $lookup / $graphLookup / $unionWith read other collections (or views) of the same database, as this
      // reader sees them. Copies, because later stages may edit looked-up documents in place.
      collectionResolver: (name: string) => hideProtoFields(runPipeline(ctx, name, []).map((doc) => cloneValue(doc))),
    }).run<Doc>(hideProtoFields(input));
    return restoreProtoFields(output);
  } catch (error) {
    throw asMongoError(error);
  }
}

export const aggregate: CommandHandler = async (ctx) => {
  const command = ctx.command;
  rejectUnsupportedOptions(command, ['collation']);
  if (command.explain !== undefined) throw badValue('explain is not supported by this server');
  if (!isPlainObject(command.cursor)) {
    throw failedToParse("The 'cursor' option is required, except for aggregate with the explain argument");
  }
  const pipeline = validatePipeline(command.pipeline);
  if (command.aggregate === 1) {
    if (!pipeline[0] || !('$documents' in pipeline[0])) {
      throw badValue('database-level aggregate is only supported with a leading $documents stage');
    }
    let docs: Doc[];
    try {
      docs = new Aggregator(pipeline, MINGO_OPTIONS).run<Doc>([]);
    } catch (error) {
      throw asMongoError(error);
    }
    return { cursor: ctx.cursors.openCursor(`${ctx.db}.$cmd.aggregate`, docs, command.cursor.batchSize), ok: 1 };
  }
  const name = validateCollectionName(ctx.db, command.aggregate);
  checkHint(ctx.catalog.collection(ctx.db, name), command.hint);
  const { stages, output } = outputStage(ctx, pipeline);
  if (output) {
    await retryOnLock(() => writeOutput(ctx, output, runPipeline(ctx, name, stages)), command.maxTimeMS);
    return { cursor: ctx.cursors.openCursor(`${ctx.db}.${name}`, [], command.cursor.batchSize), ok: 1 };
  }
  const docs = runPipeline(ctx, name, stages);
  return { cursor: ctx.cursors.openCursor(`${ctx.db}.${name}`, docs, command.cursor.batchSize), ok: 1 };
};
