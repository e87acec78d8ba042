import { documentStringMap } from '@envelop/core';
import { getOperationAST, Kind, parse, type DocumentNode } from 'graphql';
import type { ResponsePath } from './types.js';

/** A planned subgraph operation, parsed once per plan node. */
export interface FetchDocument {
  readonly document: DocumentNode;
  /** The first root field's response key: where a root fetch that failed as a whole is reported. */
  readonly rootPath: ResponsePath;
}

const documents = new WeakMap<object, FetchDocument>();

export function fetchDocument(node: { readonly operation: string; readonly operationName?: string }): FetchDocument {
  let known = documents.get(node);
  if (!known) {
    const document = parse(node.operation, { noLocation: true });
    // The transport sends this exact text (the planner's) instead of printing the document again.
    documentStringMap.set(document, node.operation);
    const operation = getOperationAST(document, node.operationName);
    const first = operation?.selectionSet.selections.find((selection) => selection.kind === Kind.FIELD);
    const rootPath = first && first.kind === Kind.FIELD ? [first.alias?.value ?? first.name.value] : [];
    known = { document, rootPath };
    documents.set(node, known);
  }
  return known;
}
