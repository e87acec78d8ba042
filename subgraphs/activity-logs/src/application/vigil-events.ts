/**
 * The one write path for event types only Vigil writes (`system.*`, `agent.action.*`): Vigil's own
 * services reach it over the bus (recovery-cases' agent actions, administrator-action audit events) or
 * in-process (erasure, purge). Client paths (recordActivities, NDJSON) validate as CLIENT and refuse these
 * types; here each source is further held to its own family, so an agent-action message cannot smuggle
 * in a `system.*` event.
 */
import type { Logger } from 'pino';
import type { BusSubscription, EventBus } from '@vigil/core';
import { validateActivityEvent, type ActivityEventDraft } from '../domain/activity-input.js';
import type { ActivityRecorder, RecordedActivity } from './activity-recorder.js';
import type { TenantSettingsService } from './tenant-settings.js';

export type VigilEventWrite =
  | { readonly ok: true; readonly recorded: RecordedActivity }
  | { readonly ok: false; readonly errors: readonly { field: string; message: string }[] };

/** Validates `draft` as a Vigil-written event of `family` (a type prefix such as `system.admin.`) and records it. */
export async function writeVigilEvent(
  recorder: ActivityRecorder,
  settings: TenantSettingsService,
  tenantId: string,
  draft: ActivityEventDraft,
  family: string,
): Promise<VigilEventWrite> {
  if (typeof draft.type !== 'string' || !draft.type.startsWith(family)) {
    return { ok: false, errors: [{ field: 'type', message: `This source writes only ${family}* events.` }] };
  }
  const result = validateActivityEvent(draft, await settings.taxonomyFor(tenantId), new Date(), 'VIGIL');
  if ('errors' in result) return { ok: false, errors: result.errors };
  const [recorded] = await recorder.recordValid(tenantId, [result.event]);
  return { ok: true, recorded: recorded! };
}

export interface VigilEventSource<TPayload> {
  readonly topic: string;
  readonly consumerGroup: string;
  /** Type prefix this source may write, e.g. `agent.action.` or `system.admin.`. */
  readonly family: string;
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
    const written = await writeVigilEvent(recorder, settings, tenantId, draft, source.family);
    if (!written.ok) {
      // A malformed message would fail forever on redelivery: log what was wrong (no PII) and drop it.
      logger.error({ ...logContext, tenantId, errors: written.errors }, `dropped invalid ${source.topic} message`);
    }
  });
}
