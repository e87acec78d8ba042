/**
 * Subscribes a Vigil-internal source on the bus: every valid message becomes one event of its family, once
 * (the message's stable id is the idempotency key). Validation and the write are `writeVigilEvent`'s.
 */
import type { Logger } from 'pino';
import type { BusSubscription, EventBus } from '@vigil/core';
import type { ActivityEventDraft } from '../../domain/activity-input.js';
import type { RecordedBy } from '../../domain/recorded-by.js';
import type { ActivityRecorder } from '../../application/activity-recorder.js';
import type { TenantSettingsService } from '../../application/tenant-settings.js';
import { writeVigilEvent } from '../../application/vigil-events.js';

export interface VigilEventSource<TPayload> {
  readonly topic: string;
  readonly consumerGroup: string;
  /** Type prefix this source may write, e.g. `agent.action.` or `system.admin.`. */
  readonly family: string;
  /** Who the chain says recorded its events: kind VIGIL and this source's name (ADR 145). */
  readonly recordedBy: RecordedBy;
  /** Maps a message to its tenant and event draft (the idempotency key should be the message's stable id). */
  toEvent(payload: TPayload): { tenantId: string; draft: ActivityEventDraft; logContext: Record<string, unknown> };
}

/** Subscribes a Vigil-internal source: every valid message becomes one event of its family, once. */
export async function consumeVigilEvents<TPayload>(
  bus: EventBus,
  source: VigilEventSource<TPayload>,
  recorder: ActivityRecorder,
  settings: TenantSettingsService,
  logger: Logger,
): Promise<BusSubscription> {
  return bus.subscribe<TPayload>(source.topic, source.consumerGroup, async (message) => {
    const { tenantId, draft, logContext } = source.toEvent(message.payload);
    const written = await writeVigilEvent(recorder, settings, tenantId, draft, source.family, source.recordedBy);
    if (!written.ok) {
      // A malformed message would fail forever on redelivery: log what was wrong (no PII) and drop it.
      logger.error({ ...logContext, tenantId, errors: written.errors }, `dropped invalid ${source.topic} message`);
    }
  });
}
