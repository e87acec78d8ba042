/**
 * The announced head of each tenant's chain (`activity_chain_heads`, one document per tenant): how the
 * consumers of `activity.recorded` (alerts, accounts) find out, by polling one small collection, that a
 * tenant has events they have not handled — even when the bus message was lost (a crash, a Redis
 * restart). Moved forward right after the batch goes on the bus (the bus-woken consumers read the chain, not
 * this document; ADR 156); the publish outbox still holds the batch until both are done, so a crash in between
 * is repaired by the outbox relay.
 */
import { ACTIVITY_CHAIN } from '@vigil/core';
import type { ActivityModels } from './index.js';

export async function announceChainHead(models: ActivityModels, tenantId: string, sequence: number): Promise<void> {
  await models.events.db
    .collection<{ _id: string; sequence: number; updatedAt: Date }>(ACTIVITY_CHAIN.heads)
    .updateOne({ _id: tenantId }, { $max: { sequence }, $set: { updatedAt: new Date() } }, { upsert: true });
}
