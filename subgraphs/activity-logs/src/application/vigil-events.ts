/**
 * The one write path for event types only Vigil writes (`system.*`, `agent.action.*`): Vigil's own
 * services reach it over the bus (recovery-cases' agent actions, administrator-action audit events) or
 * in-process (erasure, purge). Client paths (recordActivities, NDJSON) validate as CLIENT and refuse these
 * types; here each source is further held to its own family, so an agent-action message cannot smuggle
 * in a `system.*` event.
 */
import { validateActivityEvent, type ActivityEventDraft } from '../domain/activity-input.js';
import type { ActivityRecorder, RecordedActivity } from './activity-recorder.js';
import type { RecordedBy } from '../domain/recorded-by.js';
import type { TenantSettingsService } from './tenant-settings.js';

export type VigilEventWrite =
  | { readonly ok: true; readonly recorded: RecordedActivity }
  | { readonly ok: false; readonly errors: readonly { field: string; message: string }[] };

/**
 * Validates `draft` as a Vigil-written event of `family` (a type prefix such as `system.admin.`) and records it as
 * recorded by Vigil's `recordedBy` source (ADR 145).
 */
export async function writeVigilEvent(
  recorder: ActivityRecorder,
  settings: TenantSettingsService,
  tenantId: string,
  draft: ActivityEventDraft,
  family: string,
  recordedBy: RecordedBy,
): Promise<VigilEventWrite> {
  if (recordedBy.kind !== 'VIGIL') throw new Error('writeVigilEvent records only as VIGIL');
  if (typeof draft.type !== 'string' || !draft.type.startsWith(family)) {
    return { ok: false, errors: [{ field: 'type', message: `This source writes only ${family}* events.` }] };
  }
  const result = validateActivityEvent(draft, await settings.taxonomyFor(tenantId), new Date(), 'VIGIL');
  if ('errors' in result) return { ok: false, errors: result.errors };
  const [recorded] = await recorder.recordValid(tenantId, [result.event], recordedBy);
  return { ok: true, recorded: recorded! };
}
