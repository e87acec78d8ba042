/**
 * Where verifying a range starts, and the hash it links to: the signed head or stored event just before the
 * range, or, when older events were compacted away, the newest signed head below (which becomes the anchor).
 */
import { GENESIS_HASH } from '../domain/hash-chain.js';
import type { CheckpointService } from './checkpoints.js';
import type { ActivityModels } from './ports.js';

export interface VerificationStart {
  readonly start: number;
  readonly anchor: { readonly sequence: number; readonly hash: string };
  readonly anchoredAtCheckpoint?: number;
}

export async function verificationStart(
  stores: { readonly events: ActivityModels['events']; readonly checkpoints: CheckpointService },
  tenantId: string,
  from: number | undefined,
  oldest: number | undefined,
): Promise<VerificationStart> {
  const { events, checkpoints } = stores;
  let start = from ?? oldest ?? 1;
  let anchor = { sequence: 0, hash: GENESIS_HASH };
  let anchoredAtCheckpoint: number | undefined;
  if (start > 1) {
    const exact = await checkpoints.anchorAtOrBelow(tenantId, start - 1);
    const previous = await events
      .findOne({ tenantId, sequence: start - 1 }, { sequence: 1, hash: 1 })
      .lean()
      .exec();
    if (exact && exact.sequence === start - 1) {
      anchor = { sequence: exact.sequence, hash: exact.hash };
      anchoredAtCheckpoint = exact.sequence;
    } else if (previous) {
      anchor = { sequence: previous.sequence, hash: previous.hash };
    } else if (exact) {
      // Older events are gone (retention compaction): start at the newest signed checkpoint below.
      anchor = { sequence: exact.sequence, hash: exact.hash };
      anchoredAtCheckpoint = exact.sequence;
      start = exact.sequence + 1;
    } else if (from === undefined) {
      start = 1;
    }
  }
  return { start, anchor, ...(anchoredAtCheckpoint !== undefined ? { anchoredAtCheckpoint } : {}) };
}
