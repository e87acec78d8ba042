import { Query } from 'mingo/query';
import { inDocumentOrder } from '../bson/field-order.js';
import { isPlainObject, type Doc } from '../bson/types.js';
import { MongoCommandError } from '../errors.js';
import { asMongoError, MINGO_OPTIONS } from './filter.js';

/** Reject projections that mix inclusion and exclusion, with MongoDB 7.0's codes (31254 / 31253). */
export function validateProjection(projection: Doc): void {
  let mode: 'include' | 'exclude' | undefined;
  for (const [field, value] of Object.entries(projection)) {
    if (field === '_id') continue;
    let kind: 'include' | 'exclude' | undefined;
    if (typeof value === 'number' || typeof value === 'boolean') kind = value ? 'include' : 'exclude';
    else if (isPlainObject(value) && ('$slice' in value || '$elemMatch' in value)) kind = undefined;
    else kind = 'include';
    if (!kind) continue;
    if (mode && mode !== kind) {
      throw mode === 'include'
        ? new MongoCommandError(31254, 'Location31254', `Cannot do exclusion on field ${field} in inclusion projection`)
        : new MongoCommandError(31253, 'Location31253', `Cannot do inclusion on field ${field} in exclusion projection`);
    }
    mode = kind;
  }
}

/** Apply a find projection (mingo does inclusion, exclusion, `$slice`, `$elemMatch`, positional `$`). */
export function project(docs: Doc[], projection: Doc | undefined, filter: Doc): Doc[] {
  if (!projection || Object.keys(projection).length === 0) return docs;
  let projected: Doc[];
  try {
    projected = new Query(filter, MINGO_OPTIONS).find<Doc>(docs, projection).all();
  } catch (error) {
    throw asMongoError(error);
  }
  return projected.map((doc, i) => inDocumentOrder(doc, docs[i] as Doc, projection));
}
