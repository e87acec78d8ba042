// When the chain consumers have caught up with a tenant. In the one-process stack detection runs behind the calls
// (it judges a page while later batches are recorded), so CPU counted only while calls run leaves out part of what
// each event costs; counting until every consumer group has handled the tenant's announced head holds all of it.
import { ACTIVITY_CHAIN, CONSUMER_OFFSETS_COLLECTION } from '@vigil/core';

// Each poll is a few small reads; every 100 ms they are a negligible part of the CPU counted meanwhile.
const POLL_MS = 100;

/** The announced head of the tenant's chain and, per database, each consumer group's offset in it. */
async function positions(stack, tenantId) {
  const any = stack.subgraphs.values().next().value;
  const client = any.mongo.connection.getClient();
  const head = await client.db(ACTIVITY_CHAIN.dbName).collection(ACTIVITY_CHAIN.heads).findOne({ _id: tenantId });
  const behind = [];
  for (const { mongo } of stack.subgraphs.values()) {
    const offsets = mongo.connection.collection(CONSUMER_OFFSETS_COLLECTION);
    const groups = await offsets.find({ kind: 'group' }).toArray();
    for (const { group } of groups) {
      // The bounds of the one-time pass over the erasures already on record (ADR 147), not a consumer's position:
      // its work is done for the tenant once its progress (`<group>:on-record`) reached the bound.
      if (group.endsWith(':on-record-until')) {
        const bound = await offsets.findOne({ kind: 'offset', group, tenantId });
        const progress = await offsets.findOne({ kind: 'offset', group: group.replace(/-until$/, ''), tenantId });
        if ((progress?.sequence ?? 0) < (bound?.sequence ?? 0)) behind.push(group);
        continue;
      }
      const offset = await offsets.findOne({ kind: 'offset', group, tenantId });
      if ((offset?.sequence ?? 0) < (head?.sequence ?? 0)) behind.push(group);
    }
  }
  return { head: head?.sequence ?? 0, behind };
}

/** Resolves once every consumer group of every subgraph has handled the tenant's head; throws after `timeoutMs`. */
export async function consumersCaughtUp(stack, tenantId, timeoutMs = 600_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { head, behind } = await positions(stack, tenantId);
    if (behind.length === 0) return;
    if (Date.now() > deadline) throw new Error(`consumers ${behind.join(', ')} still behind ${tenantId}'s head ${head}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
