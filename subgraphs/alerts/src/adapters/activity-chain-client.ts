import { callSubgraph, type GatewaySigningKey, type Identity } from '@vigil/core';
import type { ChainObservation, CitedEvidence } from '../domain/evidence-verification.js';
import { MAX_VERIFIED_EVENTS, type ActivityChain, type ChainEventDraft, type RecordedChainEvent } from '../application/ports.js';

export class ActivityChainUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ActivityChainUnavailableError';
  }
}

interface ChainReport {
  ok: boolean;
  firstBreak: { sequence: number; reason: string; detail: string } | null;
}

/**
 * activity-logs over signed GraphQL, as the gateway would call it, for a short-lived service identity
 * scoped to the one tenant: INGEST to record, AUDITOR to verify. activity-logs stays the only writer and
 * the only judge of its chain (it recomputes hashes and PII commitments); alerts never reads its database.
 */
export class SignedActivityChain implements ActivityChain {
  constructor(
    private readonly urlOf: () => string | undefined,
    private readonly signingKey: GatewaySigningKey | undefined,
  ) {}

  async record(tenantId: string, event: ChainEventDraft): Promise<RecordedChainEvent> {
    const data = await this.call<{ recordActivities: { events: { id: string; sequence: number; hash: string }[] } }>(
      tenantId,
      'INGEST',
      `mutation($tenantId: ID!, $events: [ActivityEventInput!]!) {
        recordActivities(tenantId: $tenantId, events: $events) { events { id sequence hash } }
      }`,
      { tenantId, events: [{ ...event, occurredAt: event.occurredAt.toISOString() }] },
    );
    const recorded = data.recordActivities.events[0];
    if (recorded === undefined) throw new ActivityChainUnavailableError('activity-logs recorded nothing');
    return { eventId: recorded.id, sequence: recorded.sequence, hash: recorded.hash };
  }

  async observe(tenantId: string, cited: readonly CitedEvidence[]): Promise<ChainObservation[]> {
    const checked = cited.slice(0, MAX_VERIFIED_EVENTS);
    if (checked.length === 0) return [];
    const variables: Record<string, unknown> = { tenantId };
    const fields = checked.map((entry, index) => {
      variables[`id${index}`] = entry.eventId;
      const event = `e${index}: activityEvent(id: $id${index}) { id sequence hash }`;
      if (entry.sequence === undefined) return event;
      variables[`s${index}`] = entry.sequence;
      return `${event}\n v${index}: verifyActivityChain(tenantId: $tenantId, from: $s${index}, to: $s${index}) { ok firstBreak { sequence reason detail } }`;
    });
    const declarations = checked
      .flatMap((entry, index) => [`$id${index}: ID!`, ...(entry.sequence === undefined ? [] : [`$s${index}: Int!`])])
      .join(', ');
    const data = await this.call<Record<string, unknown>>(
      tenantId,
      'AUDITOR',
      `query($tenantId: ID!, ${declarations}) {\n${fields.join('\n')}\n}`,
      variables,
      // A missing event answers null (activity-logs' NOT_FOUND on one alias must not sink the others).
      true,
    );
    return checked.map((entry, index) => {
      const stored = data[`e${index}`] as { id: string; sequence: number; hash: string } | null | undefined;
      const report = data[`v${index}`] as ChainReport | null | undefined;
      const broken = report?.firstBreak ?? null;
      return {
        eventId: entry.eventId,
        stored: stored ? { sequence: stored.sequence, hash: stored.hash } : null,
        chainBreak: report && !report.ok && broken ? { reason: broken.reason, detail: broken.detail } : null,
      };
    });
  }

  private async call<T>(
    tenantId: string,
    role: 'INGEST' | 'AUDITOR',
    query: string,
    variables: Record<string, unknown>,
    partialOk = false,
  ): Promise<T> {
    const url = this.urlOf();
    if (url === undefined) throw new ActivityChainUnavailableError('no activity-logs endpoint is configured');
    const identity: Identity = {
      subject: role === 'INGEST' ? 'svc-alerts-access-requests' : 'svc-alerts-evidence',
      roles: [role],
      tenantIds: [tenantId],
      expiresAt: Math.floor(Date.now() / 1000) + 60,
    };
    let result;
    try {
      result = await callSubgraph<T>(
        url,
        { query, variables },
        { identity, signingKey: this.signingKey, audience: 'activity-logs', timeoutMs: 10_000 },
      );
    } catch (error) {
      throw new ActivityChainUnavailableError(`activity-logs could not be reached: ${(error as Error).message}`);
    }
    if (result.status !== 200 || result.data == null) {
      throw new ActivityChainUnavailableError(
        `activity-logs answered HTTP ${result.status}: ${result.errors?.[0]?.message ?? 'no data'}`,
      );
    }
    const blocking = (result.errors ?? []).filter((error) => !partialOk || error.extensions?.code !== 'NOT_FOUND');
    if (blocking.length > 0) throw new ActivityChainUnavailableError(`activity-logs refused: ${blocking[0]?.message}`);
    return result.data;
  }
}
