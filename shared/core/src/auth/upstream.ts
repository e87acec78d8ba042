import { createHmac, timingSafeEqual } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';
import { isRole, type Identity } from './identity.js';

/**
 * Gateway → subgraph identity (see docs/adr/002-identity-to-subgraphs.md).
 *
 * The gateway puts a signed envelope in the GraphQL request's `extensions.vigilIdentity`. Extensions travel
 * in the HTTP POST body and in the graphql-ws `subscribe` payload alike, so one verifier serves both
 * transports. The HMAC-SHA256 covers the identity, its validity window and the operation itself
 * (query, operationName, variables), so a captured envelope cannot be replayed on another operation, and it
 * stops being accepted `UPSTREAM_SIGNATURE_TTL_SECONDS` after signing (or when the caller's token expires).
 */
export const UPSTREAM_IDENTITY_EXTENSION = 'vigilIdentity';

/** How long a signed upstream request stays acceptable; keeps replay of a captured request short. */
export const UPSTREAM_SIGNATURE_TTL_SECONDS = 60;

/** Tolerated clock difference between the gateway and a subgraph host. */
const CLOCK_SKEW_SECONDS = 5;
const SIGNATURE_CONTEXT = 'vigil-upstream-v1';
const MAX_ENVELOPE_LENGTH = 16_384;

/** What the gateway adds under `extensions.vigilIdentity`. */
export interface UpstreamIdentityEnvelope {
  /** base64url(JSON of {@link UpstreamIdentityClaims}). */
  readonly identity: string;
  /** base64url(HMAC-SHA256(secret, context . identity . canonical operation)). */
  readonly signature: string;
}

interface UpstreamIdentityClaims {
  readonly sub: string;
  readonly roles: readonly string[];
  readonly tenants: readonly string[];
  /** The caller's token expiry (seconds since the epoch). */
  readonly exp: number;
  /** When the gateway signed (seconds). */
  readonly iat: number;
  /** Last second this signature is accepted: min(exp, iat + TTL). */
  readonly until: number;
}

/** The part of a GraphQL request the signature binds to. */
export interface UpstreamOperation {
  readonly query: string;
  readonly operationName?: string | null;
  readonly variables?: Readonly<Record<string, unknown>> | null;
}

/** Raised for a missing, malformed, forged or expired upstream identity. Subgraphs answer it with 401. */
export class UpstreamIdentityError extends Error {
  readonly code = 'UNAUTHENTICATED';
  constructor(message: string) {
    super(message);
    this.name = 'UpstreamIdentityError';
  }
}

export interface UpstreamClockOptions {
  /** Current time in milliseconds; tests move the clock with it. */
  readonly now?: () => number;
}

/** The identity the gateway uses for its own calls (the `_service { sdl }` fetch at start-up). */
export function gatewayServiceIdentity(expiresAt: number): Identity {
  return { subject: 'vigil-gateway', roles: [], tenantIds: [], expiresAt };
}

/** Gateway side: the envelope to place under `extensions[UPSTREAM_IDENTITY_EXTENSION]` of `operation`. */
export function signUpstreamIdentity(
  identity: Identity,
  operation: UpstreamOperation,
  secret: string,
  options: UpstreamClockOptions = {},
): UpstreamIdentityEnvelope {
  requireSecret(secret);
  const iat = Math.floor((options.now ?? Date.now)() / 1000);
  const claims: UpstreamIdentityClaims = {
    sub: identity.subject,
    roles: identity.roles,
    tenants: identity.tenantIds,
    exp: identity.expiresAt,
    iat,
    until: Math.min(identity.expiresAt, iat + UPSTREAM_SIGNATURE_TTL_SECONDS),
  };
  const encodedIdentity = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return { identity: encodedIdentity, signature: sign(secret, encodedIdentity, operation).toString('base64url') };
}

/** Gateway side, for direct calls: a JSON body carrying `operation` and its signed identity. */
export function signedUpstreamBody(
  identity: Identity,
  operation: UpstreamOperation,
  secret: string,
  options: UpstreamClockOptions = {},
): UpstreamOperation & { extensions: Record<string, UpstreamIdentityEnvelope> } {
  return {
    ...operation,
    extensions: { [UPSTREAM_IDENTITY_EXTENSION]: signUpstreamIdentity(identity, operation, secret, options) },
  };
}

/**
 * Subgraph side: the caller's Identity from a request the gateway signed, or UpstreamIdentityError.
 * `body` is the parsed JSON body of an HTTP request, or the payload of a graphql-ws `subscribe` message.
 * `headers` are accepted for symmetry with the transports and not trusted for identity.
 */
export function verifyUpstreamIdentity(
  request: { headers: Record<string, string | undefined>; body: unknown },
  secret: string,
  options: UpstreamClockOptions = {},
): Identity {
  requireSecret(secret);
  const operation = operationOf(request.body);
  const envelope = envelopeOf(request.body);
  const expected = sign(secret, envelope.identity, operation);
  const presented = Buffer.from(envelope.signature, 'base64url');
  // Length first: timingSafeEqual throws on unequal lengths; the length of an HMAC is not a secret.
  if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) {
    throw new UpstreamIdentityError('Upstream identity signature does not match this request.');
  }
  const claims = decodeClaims(envelope.identity);
  const now = Math.floor((options.now ?? Date.now)() / 1000);
  if (claims.iat > now + CLOCK_SKEW_SECONDS) {
    throw new UpstreamIdentityError('Upstream identity was signed in the future; check the clocks.');
  }
  if (now > claims.until + CLOCK_SKEW_SECONDS || now >= claims.exp + CLOCK_SKEW_SECONDS) {
    throw new UpstreamIdentityError('Upstream identity has expired.');
  }
  return {
    subject: claims.sub,
    roles: claims.roles.filter(isRole),
    tenantIds: [...claims.tenants],
    expiresAt: claims.exp,
  };
}

function sign(secret: string, encodedIdentity: string, operation: UpstreamOperation): Buffer {
  return createHmac('sha256', secret)
    .update(`${SIGNATURE_CONTEXT}.${encodedIdentity}.${canonicalOperation(operation)}`)
    .digest();
}

/** Empty variables and operationName are left out on the wire by the gateway's serialiser; treat them as absent. */
function canonicalOperation(operation: UpstreamOperation): string {
  const variables = operation.variables && Object.keys(operation.variables).length > 0 ? operation.variables : null;
  return canonicalJson({ query: operation.query, operationName: operation.operationName || null, variables });
}

function operationOf(body: unknown): UpstreamOperation {
  if (!isRecord(body) || typeof body.query !== 'string') {
    throw new UpstreamIdentityError('Request carries no GraphQL query to verify the upstream identity against.');
  }
  const { query, operationName, variables } = body;
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') {
    throw new UpstreamIdentityError('operationName must be a string.');
  }
  if (variables !== undefined && variables !== null && !isRecord(variables)) {
    throw new UpstreamIdentityError('variables must be an object.');
  }
  return { query, operationName, variables };
}

function envelopeOf(body: unknown): UpstreamIdentityEnvelope {
  const extensions = isRecord(body) ? body.extensions : undefined;
  const envelope = isRecord(extensions) ? extensions[UPSTREAM_IDENTITY_EXTENSION] : undefined;
  if (!isRecord(envelope)) {
    throw new UpstreamIdentityError('Missing upstream identity: call this subgraph through the Vigil gateway.');
  }
  const { identity, signature } = envelope;
  if (
    typeof identity !== 'string' ||
    typeof signature !== 'string' ||
    identity.length > MAX_ENVELOPE_LENGTH ||
    signature.length > MAX_ENVELOPE_LENGTH
  ) {
    throw new UpstreamIdentityError('Malformed upstream identity.');
  }
  return { identity, signature };
}

/** Only called after the signature matched, so the content is the gateway's own. */
function decodeClaims(encodedIdentity: string): UpstreamIdentityClaims {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(encodedIdentity, 'base64url').toString('utf8'));
  } catch {
    throw new UpstreamIdentityError('Malformed upstream identity.');
  }
  if (
    !isRecord(parsed) ||
    typeof parsed.sub !== 'string' ||
    !isStringArray(parsed.roles) ||
    !isStringArray(parsed.tenants) ||
    typeof parsed.exp !== 'number' ||
    typeof parsed.iat !== 'number' ||
    typeof parsed.until !== 'number'
  ) {
    throw new UpstreamIdentityError('Malformed upstream identity.');
  }
  return {
    sub: parsed.sub,
    roles: parsed.roles,
    tenants: parsed.tenants,
    exp: parsed.exp,
    iat: parsed.iat,
    until: parsed.until,
  };
}

function requireSecret(secret: string): void {
  if (typeof secret !== 'string' || secret.length === 0) {
    throw new Error('The gateway signing secret (GATEWAY_SIGNING_SECRET) is empty.');
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

// Re-exported here so the package index needs a single line for everything auth adds.
export { identityFromClaims, InvalidClaimsError } from './claims.js';
