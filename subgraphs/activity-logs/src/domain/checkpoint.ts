/**
 * Signed checkpoints of a tenant's chain, like CloudTrail digest files: at intervals the chain head
 * (sequence + hash) is signed with a key from config. A rewritten chain (every hash recomputed) still
 * links, but no longer matches the signed checkpoints; and a checkpoint lets verification start after
 * retention purged older events.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { canonicalJson } from './canonical.js';

export interface CheckpointBody {
  readonly tenantId: string;
  readonly sequence: number;
  readonly hash: string;
  readonly createdAt: Date;
  /** Which configured key signed it, so keys can rotate. */
  readonly keyId: string;
}

export interface SignedCheckpoint extends CheckpointBody {
  /** HMAC-SHA256 over the canonical body, hex. */
  readonly signature: string;
}

export interface CheckpointKey {
  readonly id: string;
  readonly secret: Buffer;
}

export function signCheckpoint(body: CheckpointBody, key: CheckpointKey): SignedCheckpoint {
  if (body.keyId !== key.id) throw new Error(`Checkpoint names key ${body.keyId} but key ${key.id} was given`);
  return { ...body, signature: hmac(body, key.secret) };
}

/** Constant-time check; false for an unknown key id. */
export function verifyCheckpoint(checkpoint: SignedCheckpoint, keys: readonly CheckpointKey[]): boolean {
  const key = keys.find((candidate) => candidate.id === checkpoint.keyId);
  if (!key) return false;
  const expected = Buffer.from(hmac(checkpoint, key.secret), 'hex');
  const actual = Buffer.from(checkpoint.signature, 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

function hmac(body: CheckpointBody, secret: Buffer): string {
  const { tenantId, sequence, hash, createdAt, keyId } = body;
  return createHmac('sha256', secret).update(canonicalJson({ tenantId, sequence, hash, createdAt, keyId })).digest('hex');
}
