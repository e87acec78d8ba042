import { ACTIVITY_CHAIN, ConsumerOffsets, type ActivityRecordedPayload } from '@vigil/core';
import type { Connection } from 'mongoose';

/**
 * Stands in for activity-logs in another subgraph's tests: appends payloads to their tenant's activity chain (the
 * fields the chain consumers read) and moves the tenant's head, as an ingestion would. An event id already in the
 * chain is left as it is (a redelivery); a payload that names its chain position keeps it. Returns the tenants
 * touched. The new events go in with one insert, as activity-logs appends a batch: a consumer reading the chain
 * meanwhile (a sweep, a catch-up still running) sees all of them or none, never a page cut in the middle of a call.
 */
export async function appendToActivityChain(
  connection: Connection,
  events: readonly ActivityRecordedPayload[],
): Promise<string[]> {
  const db = connection.useDb(ACTIVITY_CHAIN.dbName, { useCache: true });
  const chain = db.collection<{ _id: string; tenantId: string; sequence: number } & Record<string, unknown>>(
    ACTIVITY_CHAIN.events,
  );
  const heads = db.collection<{ _id: string; sequence: number }>(ACTIVITY_CHAIN.heads);
  const stored = await chain.find({ _id: { $in: events.map((event) => event.eventId) } }, { projection: { _id: 1 } }).toArray();
  const skipped = new Set(stored.map((doc) => doc._id));
  /** Each tenant's highest sequence so far: the chain's, then this call's. */
  const last = new Map<string, number>();
  const appended: Array<{ _id: string; tenantId: string; sequence: number } & Record<string, unknown>> = [];
  for (const event of events) {
    if (skipped.has(event.eventId)) continue;
    skipped.add(event.eventId);
    if (!last.has(event.tenantId)) {
      const head = await chain.findOne({ tenantId: event.tenantId }, { sort: { sequence: -1 } });
      last.set(event.tenantId, head?.sequence ?? 0);
    }
    const sequence = event.sequence ?? last.get(event.tenantId)! + 1;
    last.set(event.tenantId, Math.max(last.get(event.tenantId)!, sequence));
    const { eventId, occurredAt, ...fields } = event;
    appended.push({ ...fields, _id: eventId, sequence, occurredAt: new Date(occurredAt), recordedAt: new Date() });
  }
  if (appended.length > 0) await chain.insertMany(appended, { ordered: true });
  for (const tenantId of new Set(appended.map((doc) => doc.tenantId)))
    await heads.updateOne({ _id: tenantId }, { $max: { sequence: last.get(tenantId)! } }, { upsert: true });
  return [...new Set(events.map((event) => event.tenantId))];
}

/** Waits (polling, up to 30 s) until consumer group `group` has saved the tenant's offset at `sequence` or later. */
export async function waitForOffset(connection: Connection, group: string, tenantId: string, sequence: number): Promise<void> {
  const offsets = new ConsumerOffsets(connection);
  const deadline = Date.now() + 30_000;
  while (((await offsets.load(group)).offsets.get(tenantId) ?? 0) < sequence) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for group ${group} to reach ${tenantId}#${sequence}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
