import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { GraphQLError } from 'graphql';
import { idOfText, type TrustedDocuments } from './manifest.js';

/**
 * `enforce`: only registered documents run (by id, or as text that hashes to a registered one).
 * `allow`: ids are resolved, unregistered text still runs (a migration step; logged by the caller's metrics).
 */
export type TrustedDocumentsMode = 'enforce' | 'allow';

export interface TrustedDocumentsOptions {
  readonly documents: TrustedDocuments;
  readonly mode: TrustedDocumentsMode;
}

/** Error codes a client may see; stable, documented in docs/trusted-documents.md. */
export const TRUSTED_DOCUMENT_CODES = {
  /** An id that is not in the manifest (Apollo's APQ code: its clients then resend the text). */
  notFound: 'PERSISTED_QUERY_NOT_FOUND',
  /** Text that is not a registered document, in enforce mode. */
  required: 'TRUSTED_DOCUMENT_REQUIRED',
  /** Text sent with an id it does not hash to. */
  mismatch: 'TRUSTED_DOCUMENT_MISMATCH',
} as const;

/**
 * Resolves `extensions.persistedQuery.sha256Hash` (version 1) or a top-level `documentId` to the registered
 * document and, in enforce mode, refuses any other text. Runs on Yoga's onParams, which both HTTP and the
 * gateway's graphql-ws server go through (getGraphQLWSOptions → getResultForParams), before parsing.
 */
export function useTrustedDocuments({ documents, mode }: TrustedDocumentsOptions): GatewayPlugin {
  return {
    // A top-level `documentId` (GraphQL over HTTP persisted documents) becomes the persistedQuery extension
    // here, after parsing and before Yoga's parameter check, which refuses unknown body fields.
    onRequestParse() {
      return {
        onRequestParseDone({ requestParserResult, setRequestParserResult }) {
          const fromDocumentId = (params: Record<string, unknown>) => {
            if (!('documentId' in params)) return params;
            const { documentId, ...rest } = params;
            const extensions = typeof rest.extensions === 'object' && rest.extensions !== null ? rest.extensions : {};
            const sha256Hash = typeof documentId === 'string' ? documentId : '';
            return { ...rest, extensions: { ...extensions, persistedQuery: { version: 1, sha256Hash } } };
          };
          if (Array.isArray(requestParserResult)) return;
          setRequestParserResult(fromDocumentId(requestParserResult as Record<string, unknown>) as typeof requestParserResult);
        },
      };
    },
    onParams({ params, setParams, setResult }) {
      const id = requestedId(params as Record<string, unknown>);
      const text = typeof params.query === 'string' ? params.query : undefined;
      const refuse = (message: string, code: string) => {
        setResult(refused(message, code));
        // Yoga's own parameter check runs after this hook and would answer "Must provide query string" for an
        // id sent alone; it gets a query it will never run (the result above is the answer).
        if (text === undefined) setParams({ ...params, query: '{ __typename }' });
      };
      if (id !== undefined) {
        const document = documents.get(id);
        if (document === undefined) {
          refuse('This document id is not registered with the gateway.', TRUSTED_DOCUMENT_CODES.notFound);
          return;
        }
        if (text !== undefined && text !== '' && idOfText(text) !== id.replace(/^sha256:/, '')) {
          refuse('The document text does not match its id.', TRUSTED_DOCUMENT_CODES.mismatch);
          return;
        }
        setParams({ ...params, query: document });
        return;
      }
      if (mode !== 'enforce' || text === undefined) return;
      const textId = idOfText(text);
      if (textId === undefined || !documents.has(textId)) {
        refuse(
          'Only registered operations run on this gateway: send a registered document or its id (docs/trusted-documents.md).',
          TRUSTED_DOCUMENT_CODES.required,
        );
      }
    },
  };
}

/** The id a client sent, or undefined; a present but malformed one is kept so that it fails as not found. */
function requestedId(params: Record<string, unknown>): string | undefined {
  const extensions = params.extensions;
  if (typeof extensions !== 'object' || extensions === null) return undefined;
  const persisted = (extensions as Record<string, unknown>).persistedQuery;
  if (typeof persisted !== 'object' || persisted === null) return undefined;
  const hash = (persisted as Record<string, unknown>).sha256Hash;
  return typeof hash === 'string' ? hash.toLowerCase() : '';
}

/** A result, not a throw: over graphql-ws a throw from onParams would end in an internal error, not this message. */
function refused(message: string, code: string): { errors: GraphQLError[]; extensions: object } {
  return { errors: [new GraphQLError(message, { extensions: { code } })], extensions: { http: { status: 400 } } };
}
