import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { GraphQLError, Lexer, Source, TokenKind } from 'graphql';

/**
 * Bounds on a document's text, checked before anything parses it (ADR 128). graphql-js parses nested selections,
 * arguments and lists recursively: a few kilobytes of `{ a { a { … } } }` 2,000 levels deep overflowed the stack in
 * the parser (an internal error and an error log per request, as often as the rate limit allows). And parse and
 * validation time grow with the tokens: 70,000 repeated fields in a 1 MiB body took 0.4 s of the gateway's CPU to
 * refuse. The depth and cost limits (operation-limits.ts) only run on a parsed, validated document — too late.
 *
 * Vigil's own operations use at most 85 tokens and 5 levels, the introspection query 183 and 10; the bounds are far
 * above that, and low enough that the worst document within them validates in ~60 ms.
 */
export const MAX_DOCUMENT_TOKENS = 3_000;
/** Braces, parentheses and brackets open at once (selection sets, argument lists, list and object values). */
export const MAX_DOCUMENT_NESTING = 64;

const OPENERS: ReadonlySet<TokenKind> = new Set([TokenKind.BRACE_L, TokenKind.PAREN_L, TokenKind.BRACKET_L]);
const CLOSERS: ReadonlySet<TokenKind> = new Set([TokenKind.BRACE_R, TokenKind.PAREN_R, TokenKind.BRACKET_R]);

/**
 * Variables and extensions nest at most this deep (objects and arrays). Parsed from JSON without a depth limit, a
 * value 5,000 levels deep reached the subgraph and overflowed the stack there (an internal error and an error log per
 * request); Vigil's deepest input type is a few levels.
 */
export const MAX_VALUE_NESTING = 64;

/** Whether `value` holds objects or arrays nested deeper than `limit`. Iterative, and stops at the first too deep. */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const pending: { readonly value: unknown; readonly depth: number }[] = [{ value, depth: 0 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (typeof next.value !== 'object' || next.value === null) continue;
    const depth = next.depth + 1;
    if (depth > limit) return true;
    for (const child of Array.isArray(next.value) ? next.value : Object.values(next.value)) pending.push({ value: child, depth });
  }
  return false;
}

function valuesProblem(params: { readonly variables?: unknown; readonly extensions?: unknown }): GraphQLError | undefined {
  // Variables are an object at depth 1: their values may nest MAX_VALUE_NESTING levels below it.
  if (!nestsDeeperThan(params.variables, MAX_VALUE_NESTING + 1) && !nestsDeeperThan(params.extensions, MAX_VALUE_NESTING + 1))
    return undefined;
  return new GraphQLError(`Variables and extensions nest at most ${MAX_VALUE_NESTING} levels of objects and arrays.`, {
    extensions: { code: 'BAD_REQUEST', maxNesting: MAX_VALUE_NESTING },
  });
}

/**
 * Texts already found within bounds, for every reader of the same text on a request (this plugin, then the trusted
 * documents check): the same operation text comes again and again (walls, dashboards), and is lexed once.
 */
const MAX_REMEMBERED = 1_000;
const withinBounds = new Set<string>();

/** `documentBoundsProblem`, remembering texts found within bounds. */
export function documentOutOfBounds(text: string): GraphQLError | undefined {
  if (withinBounds.has(text)) return undefined;
  const problem = documentBoundsProblem(text);
  if (problem) return problem;
  if (withinBounds.size >= MAX_REMEMBERED) withinBounds.clear();
  withinBounds.add(text);
  return undefined;
}

/** Why the text is out of bounds (a GraphQL error), or undefined. Lexes only: no recursion, stops at the bound. */
export function documentBoundsProblem(text: string): GraphQLError | undefined {
  const lexer = new Lexer(new Source(text));
  let tokens = 0;
  let nesting = 0;
  try {
    for (let token = lexer.advance(); token.kind !== TokenKind.EOF; token = lexer.advance()) {
      tokens += 1;
      if (tokens > MAX_DOCUMENT_TOKENS)
        return new GraphQLError(
          `The document has more than ${MAX_DOCUMENT_TOKENS} tokens; send a smaller operation or split it.`,
          { extensions: { code: 'QUERY_TOO_COMPLEX', maxTokens: MAX_DOCUMENT_TOKENS } },
        );
      if (OPENERS.has(token.kind)) nesting += 1;
      else if (CLOSERS.has(token.kind)) nesting -= 1;
      if (nesting > MAX_DOCUMENT_NESTING)
        return new GraphQLError(
          `The document nests more than ${MAX_DOCUMENT_NESTING} levels of braces, parentheses and brackets; flatten it.`,
          { extensions: { code: 'QUERY_TOO_DEEP', maxNesting: MAX_DOCUMENT_NESTING } },
        );
    }
  } catch {
    return undefined; // not lexable: the parser reports the syntax error itself, with its location
  }
  return undefined;
}

/**
 * Refuses out-of-bounds variables, extensions and document text on Yoga's onParams (HTTP and graphql-ws), before the
 * runtime parses it. A refusal is a result, not a throw (over graphql-ws a throw becomes an internal error). First
 * among the onParams plugins: a later refusal (the trusted documents check, then authentication) replaces this one,
 * so an anonymous caller still reads 401.
 */
export function useDocumentBounds(): GatewayPlugin {
  return {
    onParams({ params, setResult }) {
      const problem = valuesProblem(params) ?? (typeof params.query === 'string' ? documentOutOfBounds(params.query) : undefined);
      if (problem) setResult({ errors: [problem], extensions: { http: { status: 400 } } });
    },
  };
}
