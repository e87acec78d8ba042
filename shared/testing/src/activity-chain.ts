import { ACTIVITY_CHAIN, ConsumerOffsets, type ActivityRecordedPayload } from '@vigil/core';
import type { Connection } from 'mongoose';

/**
 * Stands in for activity-logs in another subgraph's tests: appends payloads to their tenant's activity chain (the
 * fields the chain consumers read) and moves the tenant's head, as an ingestion would. An event id already in the
 * chain is left as it is (a redelivery); a payload that names its chain position keeps it. Returns the tenants
 * touched.
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
  for (const event of events) {
    if (await chain.findOne({ _id: event.eventId })) continue;
    const head = await chain.findOne({ tenantId: event.tenantId }, { sort: { sequence: -1 } });
    const sequence = event.sequence ?? (head?.sequence ?? 0) + 1;
    const { eventId, occurredAt, ...fields } = event;
    await chain.insertOne({ ...fields, _id: eventId, sequence, occurredAt: new Date(occurredAt), recordedAt: new Date() });
    await heads.updateOne({ _id: event.tenantId }, { $max: { sequence } }, { upsert: true });
  }
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
