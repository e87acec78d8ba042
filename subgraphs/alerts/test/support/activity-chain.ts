import { ACTIVITY_CHAIN, type ActivityRecordedPayload } from '@vigil/core';
import type { Connection } from 'mongoose';

/**
 * Stands in for activity-logs: appends payloads to their tenant's activity chain (the fields the consumers
 * read) and announces the head, as an ingestion would. An event id already in the chain is left as it is
 * (a redelivery). Returns the tenants touched.
 */
export async function appendToActivityChain(
  connection: Connection,
  events: readonly ActivityRecordedPayload[],
): Promise<string[]> {
  const db = connection.useDb(ACTIVITY_CHAIN.dbName, { useCache: true });
  const chain = db.collection<{ _id: string; tenantId: string; sequence: number }>(ACTIVITY_CHAIN.events);
  const heads = db.collection<{ _id: string; sequence: number }>(ACTIVITY_CHAIN.heads);
  for (const event of events) {
    if (await chain.findOne({ _id: event.eventId })) continue;
    const head = await chain.findOne({ tenantId: event.tenantId }, { sort: { sequence: -1 } });
    const sequence = (head?.sequence ?? 0) + 1;
    const { eventId, occurredAt, ...fields } = event;
    await chain.insertOne({ ...fields, _id: eventId, sequence, occurredAt: new Date(occurredAt), recordedAt: new Date() });
    await heads.updateOne({ _id: event.tenantId }, { $max: { sequence } }, { upsert: true });
  }
  return [...new Set(events.map((event) => event.tenantId))];
}
