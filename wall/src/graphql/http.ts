import type { TypedDocumentString } from '../gql/graphql';
import { graphqlHttpUrl } from './endpoint';

/** A GraphQL error as the API sends it: the message is written for people, the code for the page. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let onUnauthenticated: () => void = () => undefined;

/** Called when the API answers UNAUTHENTICATED (the token expired or was revoked): the app shows "session expired". */
export function whenUnauthenticated(handler: () => void): void {
  onUnauthenticated = handler;
}

/** What came back: the data (possibly partial: a field whose subgraph failed is null) and the first error, if any. */
export interface PartialResult<TResult> {
  readonly data: TResult;
  readonly problem?: ApiError;
}

/** One query or mutation over HTTP with the session's token; rejects with ApiError (first error) when any. */
export async function request<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  token: string,
): Promise<TResult> {
  const { data, problem } = await requestPartial(document, variables, token);
  if (problem) throw problem;
  return data;
}

/**
 * Like `request`, but a partial answer (data and errors: one subgraph down, one field refused) resolves with both,
 * so a view can show what it got and say what is missing. Rejects only when there is no data at all.
 */
export async function requestPartial<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  token: string,
): Promise<PartialResult<TResult>> {
  let response: Response;
  try {
    response = await fetch(graphqlHttpUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: document.toString(), variables }),
    });
  } catch {
    throw new ApiError('Vigil cannot be reached. Check the connection; the page retries when you act again.', 'NETWORK');
  }
  let body: { data?: TResult | null; errors?: Array<{ message: string; extensions?: { code?: string } }> };
  try {
    body = (await response.json()) as typeof body;
  } catch {
    throw new ApiError(`Vigil answered HTTP ${response.status} without a GraphQL result.`, 'BAD_RESPONSE');
  }
  const error = body.errors?.[0];
  const problem = error ? new ApiError(error.message, error.extensions?.code ?? 'INTERNAL_SERVER_ERROR') : undefined;
  if (problem?.code === 'UNAUTHENTICATED' || response.status === 401) onUnauthenticated();
  if (!body.data) throw problem ?? new ApiError('Vigil answered without data.', 'BAD_RESPONSE');
  return problem ? { data: body.data, problem } : { data: body.data };
}
