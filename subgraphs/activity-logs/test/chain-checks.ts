import type { AnyObject, mongo } from 'mongoose';
import { expect } from 'vitest';
import type { ActivityEventDocument } from '../src/adapters/mongo/index.js';
import { chainContentOf } from '../src/application/stored-event.js';
import { appendToChain } from '../src/domain/hash-chain.js';
import { as, failedLogin, RECORD, type Harness } from './harness.js';

export const VERIFY = `query ($tenantId: ID!, $from: Int, $to: Int) { verifyActivityChain(tenantId: $tenantId, from: $from, to: $to) {
  ok fromSequence toSequence verifiedCount purgedCount checkpointsVerified anchoredAtCheckpoint firstBreak { sequence reason detail }
  breaks { sequence reason detail } breakCount } }`;

export interface Report {
  ok: boolean;
  fromSequence: number;
  toSequence: number;
  verifiedCount: number;
  purgedCount: number;
  checkpointsVerified: number;
  anchoredAtCheckpoint: number | null;
  firstBreak: { sequence: number; reason: string; detail: string } | null;
  breaks: { sequence: number; reason: string; detail: string }[];
  breakCount: number;
}

/** The steps of the tamper-evidence tests on the subgraph `harness()` reads: record events, verify the chain. */
export function chainChecks(harness: () => Harness) {
  return {
    /** Records `count` failed logins (over three accounts) in one batch as INGEST. */
    async seed(tenantId: string, count: number): Promise<void> {
      const events = Array.from({ length: count }, (_, index) =>
        failedLogin(`acct-${index % 3}`, { metadata: { reason: 'wrong password' } }),
      );
      const { errors } = await harness().call(as(['INGEST'], [tenantId]), RECORD, { tenantId, events });
      expect(errors).toBeUndefined();
    },
    /** Edits stored event `sequence` of the tenant directly in the database, as an attacker with write access would. */
    async alter(tenantId: string, sequence: number, update: mongo.UpdateFilter<AnyObject>): Promise<void> {
      await harness().events().updateOne({ tenantId, sequence }, update);
    },
    /** The chain report an AUDITOR of the tenant reads. */
    async verify(tenantId: string, range: { from?: number; to?: number } = {}): Promise<Report> {
      const { data, errors } = await harness().call<{ verifyActivityChain: Report }>(as(['AUDITOR'], [tenantId]), VERIFY, {
        tenantId,
        ...range,
      });
      expect(errors).toBeUndefined();
      return data!.verifyActivityChain;
    },
  };
}

/**
 * What an attacker who can write the database but not sign does: marks event `editedSequence` a SUCCESS and
 * recomputes every link after `anchorSequence`, so the hashes agree again and only a signature can tell.
 */
export async function rewriteChainAfter(
  h: Harness,
  tenantId: string,
  anchorSequence: number,
  editedSequence: number,
): Promise<void> {
  const { events } = h.subgraph.services.models;
  const [anchor, ...rest] = await events
    .find({ tenantId, sequence: { $gte: anchorSequence } })
    .sort({ sequence: 1 })
    .lean<ActivityEventDocument[]>()
    .exec();
  const edited = rest.map((doc) => (doc.sequence === editedSequence ? { ...doc, outcome: 'SUCCESS' as const } : doc));
  const links = appendToChain(
    { sequence: anchor!.sequence, prevHash: anchor!.prevHash, hash: anchor!.hash },
    edited.map(chainContentOf),
  );
  for (const [index, doc] of edited.entries()) {
    await events.updateOne(
      { _id: doc._id },
      { $set: { outcome: doc.outcome, prevHash: links[index]!.prevHash, hash: links[index]!.hash } },
    );
  }
}
