/**
 * Verifies the identity Vigil's gateway signs into every call it makes to this subgraph.
 * Self-contained on purpose: copy this file into your own partner subgraph (it needs only `jose` and Node's crypto).
 *
 * The gateway sends `extensions.vigilIdentity` in the GraphQL request body: a compact JWS, EdDSA (Ed25519), whose
 * header names the key (`kid`) and whose claims are
 *   iss "vigil-gateway" · aud <your subgraph's name in Vigil's supergraph config> · sub · roles · tenants ·
 *   callerExp (the caller's token expiry) · iat · exp (≤ iat + 60 s) · op
 * where `op` = base64url(SHA-256(canonical JSON of { query, operationName, variables })) — keys sorted, undefined
 * members dropped, an empty `variables` or `operationName` counted as null. The public keys are at the gateway's
 * `/.well-known/vigil-gateway-jwks.json`; an unknown `kid` (a key rotation) makes jose fetch it again.
 */
import { createHash } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';

export interface VigilCaller {
  readonly subject: string;
  readonly roles: readonly string[];
  readonly tenants: readonly string[];
  /** The caller's token expiry, seconds since the epoch. */
  readonly callerExpiresAt: number;
  /** Which gateway key signed it. */
  readonly kid: string;
}

export interface VigilVerifierOptions {
  /** e.g. `https://vigil.example/.well-known/vigil-gateway-jwks.json`. */
  readonly jwksUrl: string;
  /** This subgraph's name in Vigil's supergraph config: signatures made for any other subgraph are refused. */
  readonly audience: string;
}

export class VigilIdentityError extends Error {}

export type VigilVerifier = (body: unknown) => Promise<VigilCaller>;

export function createVigilVerifier(options: VigilVerifierOptions): VigilVerifier {
  // At most one JWKS fetch per 30 s however many unknown kids arrive; the keys are cached for 10 minutes.
  const keys = createRemoteJWKSet(new URL(options.jwksUrl), { cooldownDuration: 30_000, cacheMaxAge: 600_000 });
  return async (body) => {
    if (!isRecord(body) || typeof body.query !== 'string') throw new VigilIdentityError('Not a GraphQL request.');
    const extensions = isRecord(body.extensions) ? body.extensions : {};
    const jws = extensions.vigilIdentity;
    if (typeof jws !== 'string' || jws.length > 16_384)
      throw new VigilIdentityError('No Vigil identity: call through the Vigil gateway.');
    let payload: JWTPayload;
    let kid: string;
    try {
      const verified = await jwtVerify(jws, keys, {
        algorithms: ['EdDSA', 'Ed25519'],
        typ: 'vigil-identity+jwt',
        issuer: 'vigil-gateway',
        audience: options.audience,
        requiredClaims: ['sub', 'exp', 'iat'],
        clockTolerance: 5,
      });
      payload = verified.payload;
      kid = String(verified.protectedHeader.kid);
    } catch {
      throw new VigilIdentityError('The Vigil identity is not valid here (signature, audience or expiry).');
    }
    const operation = { query: body.query, operationName: body.operationName || null, variables: nonEmpty(body.variables) };
    if (payload.op !== createHash('sha256').update(canonicalJson(operation)).digest('base64url')) {
      throw new VigilIdentityError('The Vigil identity was signed for another operation.');
    }
    if (typeof payload.callerExp !== 'number' || payload.callerExp * 1000 < Date.now() - 5_000) {
      throw new VigilIdentityError("The caller's token has expired.");
    }
    return {
      subject: String(payload.sub),
      roles: stringList(payload.roles),
      tenants: stringList(payload.tenants),
      callerExpiresAt: payload.callerExp,
      kid,
    };
  };
}

/** Keys sorted, undefined members dropped: the same string the gateway hashed, whatever the key order on the wire. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  const record = value as Record<string, unknown>;
  const members = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
  return `{${members.join(',')}}`;
}

function nonEmpty(variables: unknown): unknown {
  return isRecord(variables) && Object.keys(variables).length > 0 ? variables : null;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
