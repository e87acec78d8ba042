import { createHash, sign } from 'node:crypto';
import { errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import { canonicalJson } from './canonical-json.js';
import type { GatewayKeys, GatewaySigningKey } from './gateway-keys.js';
import { isRole, type Identity } from './identity.js';

/**
 * Gateway → subgraph identity (docs/adr/010-asymmetric-upstream-identity.md, replacing ADR 002's HMAC).
 *
 * The gateway puts a compact JWS (EdDSA / Ed25519, `kid` in the header) in the GraphQL request's
 * `extensions.vigilIdentity`. Extensions travel in the HTTP POST body and in the graphql-ws `subscribe` payload
 * alike, so one verifier serves both transports. The JWS carries the caller (sub, roles, tenants), the subgraph it
 * was signed for (`aud`), a 60 s validity window and `op`, the SHA-256 of the operation (query, operationName,
 * variables), so a captured signature works for that one operation at that one subgraph, briefly. Verifiers hold
 * the gateway's public keys only: nothing they hold can mint an identity.
 */
export const UPSTREAM_IDENTITY_EXTENSION = 'vigilIdentity';

/** How long a signed upstream request stays acceptable; keeps replay of a captured request short. */
export const UPSTREAM_SIGNATURE_TTL_SECONDS = 60;
/** `iss` of every upstream identity. */
export const UPSTREAM_IDENTITY_ISSUER = 'vigil-gateway';
/** `typ` in the JWS header: an upstream identity is never mistaken for another kind of JWT. */
export const UPSTREAM_IDENTITY_TYPE = 'vigil-identity+jwt';

/** Tolerated clock difference between the gateway and a subgraph host. */
const CLOCK_SKEW_SECONDS = 5;
const MAX_JWS_LENGTH = 16_384;

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

export interface UpstreamSignOptions {
  /** The gateway's private key (GATEWAY_SIGNING_KEY). */
  readonly key: GatewaySigningKey | undefined;
  /** The subgraph the request goes to (its name in the supergraph config): the JWS's `aud`. */
  readonly audience: string;
  /** Current time in milliseconds; tests move the clock with it. */
  readonly now?: () => number;
}

export interface UpstreamVerifyOptions {
  /** The gateway's public keys: `gatewayKeys(…)`. */
  readonly keys: GatewayKeys;
  /** This subgraph's name: only signatures made for it are accepted. */
  readonly audience: string;
  readonly now?: () => number;
}

/** The identity the gateway uses for its own calls (the `_service { sdl }` fetch at start-up). */
export function gatewayServiceIdentity(expiresAt: number): Identity {
  return { subject: 'vigil-gateway', roles: [], tenantIds: [], expiresAt };
}

/** base64url(SHA-256(canonical JSON of { query, operationName, variables })): the `op` claim. */
export function operationDigest(operation: UpstreamOperation): string {
  // Empty variables and operationName are left out on the wire by the gateway's serialiser; treat them as absent.
  const variables = operation.variables && Object.keys(operation.variables).length > 0 ? operation.variables : null;
  const canonical = canonicalJson({ query: operation.query, operationName: operation.operationName || null, variables });
  return createHash('sha256').update(canonical).digest('base64url');
}

/** Gateway side: the compact JWS to place under `extensions[UPSTREAM_IDENTITY_EXTENSION]` of `operation`. */
export function signUpstreamIdentity(identity: Identity, operation: UpstreamOperation, options: UpstreamSignOptions): string {
  return signUpstreamDigest(identity, operationDigest(operation), options);
}

/** signUpstreamIdentity for an operation whose `operationDigest` the caller has already computed (its cache key). */
export function signUpstreamDigest(identity: Identity, digest: string, options: UpstreamSignOptions): string {
  const { key } = options;
  if (!key) throw new Error('No gateway signing key (GATEWAY_SIGNING_KEY): only the gateway signs upstream identities.');
  const iat = Math.floor((options.now ?? Date.now)() / 1000);
  const header = { alg: 'EdDSA', typ: UPSTREAM_IDENTITY_TYPE, kid: key.kid };
  const claims = {
    iss: UPSTREAM_IDENTITY_ISSUER,
    aud: options.audience,
    sub: identity.subject,
    roles: identity.roles,
    tenants: identity.tenantIds,
    callerExp: identity.expiresAt,
    iat,
    exp: Math.min(identity.expiresAt, iat + UPSTREAM_SIGNATURE_TTL_SECONDS),
    op: digest,
  };
  const input = `${base64url(header)}.${base64url(claims)}`;
  return `${input}.${sign(null, Buffer.from(input), key.privateKey).toString('base64url')}`;
}

/** Gateway side, for direct calls: a JSON body carrying `operation` and its signed identity. */
export function signedUpstreamBody(
  identity: Identity,
  operation: UpstreamOperation,
  options: UpstreamSignOptions,
): UpstreamOperation & { extensions: Record<string, string> } {
  return { ...operation, extensions: { [UPSTREAM_IDENTITY_EXTENSION]: signUpstreamIdentity(identity, operation, options) } };
}

/**
 * Subgraph side: the caller's Identity from a request the gateway signed, or UpstreamIdentityError.
 * `body` is the parsed JSON body of an HTTP request, or the payload of a graphql-ws `subscribe` message.
 * `headers` are accepted for symmetry with the transports and not trusted for identity.
 */
export async function verifyUpstreamIdentity(
  request: { headers: Record<string, string | undefined>; body: unknown },
  options: UpstreamVerifyOptions,
): Promise<Identity> {
  const operation = operationOf(request.body);
  const extensions = isRecord(request.body) ? request.body.extensions : undefined;
  const jws = isRecord(extensions) ? extensions[UPSTREAM_IDENTITY_EXTENSION] : undefined;
  return verifyUpstreamJws(jws, operation, options);
}

/** Verifies one compact JWS against the operation it must be bound to (GraphQL or HTTP route). */
export async function verifyUpstreamJws(
  jws: unknown,
  operation: UpstreamOperation,
  options: UpstreamVerifyOptions,
): Promise<Identity> {
  if (jws === undefined || jws === null) {
    throw new UpstreamIdentityError('Missing upstream identity: call this subgraph through the Vigil gateway.');
  }
  if (typeof jws !== 'string' || jws.length > MAX_JWS_LENGTH) throw new UpstreamIdentityError('Malformed upstream identity.');
  const nowMs = (options.now ?? Date.now)();
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(jws, options.keys, {
      algorithms: ['EdDSA', 'Ed25519'],
      typ: UPSTREAM_IDENTITY_TYPE,
      issuer: UPSTREAM_IDENTITY_ISSUER,
      audience: options.audience,
      requiredClaims: ['iat', 'exp', 'sub', 'aud'],
      clockTolerance: CLOCK_SKEW_SECONDS,
      currentDate: new Date(nowMs),
    }));
  } catch (error) {
    throw new UpstreamIdentityError(rejection(error));
  }
  const claims = claimsOf(payload);
  if (claims.op !== operationDigest(operation)) {
    throw new UpstreamIdentityError('Upstream identity signature does not match this request.');
  }
  const now = Math.floor(nowMs / 1000);
  if (claims.iat > now + CLOCK_SKEW_SECONDS) {
    throw new UpstreamIdentityError('Upstream identity was signed in the future; check the clocks.');
  }
  if (now >= claims.callerExp + CLOCK_SKEW_SECONDS) throw new UpstreamIdentityError('Upstream identity has expired.');
  return { subject: claims.sub, roles: claims.roles.filter(isRole), tenantIds: [...claims.tenants], expiresAt: claims.callerExp };
}

interface UpstreamClaims {
  readonly sub: string;
  readonly roles: readonly string[];
  readonly tenants: readonly string[];
  readonly callerExp: number;
  readonly iat: number;
  readonly op: string;
}

/** Only called after the signature matched, so the content is the gateway's own; the shape is still checked. */
function claimsOf(payload: JWTPayload): UpstreamClaims {
  const { sub, roles, tenants, callerExp, iat, op } = payload;
  if (
    typeof sub !== 'string' ||
    !isStringArray(roles) ||
    !isStringArray(tenants) ||
    typeof callerExp !== 'number' ||
    typeof iat !== 'number' ||
    typeof op !== 'string'
  ) {
    throw new UpstreamIdentityError('Malformed upstream identity.');
  }
  return { sub, roles, tenants, callerExp, iat, op };
}

function rejection(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'Upstream identity has expired.';
  if (error instanceof joseErrors.JWTClaimValidationFailed)
    return `Upstream identity rejected: its ${error.claim} claim is not for this subgraph.`;
  if (error instanceof joseErrors.JWKSNoMatchingKey)
    return 'Upstream identity is signed with a key the gateway does not publish.';
  if (error instanceof joseErrors.JWKSTimeout || !(error instanceof joseErrors.JOSEError)) {
    return 'Upstream identity could not be checked: the gateway keys are unreachable.';
  }
  // Signature, algorithm and format failures get one message: do not help a forger narrow it down.
  return 'Upstream identity signature does not match this request.';
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

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}
