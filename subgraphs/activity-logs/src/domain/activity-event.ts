/**
 * An activity event as read back from the store: the shape resolvers, masking and exports work on.
 */
import type { ActivityOutcome, ActorType, Role } from '@vigil/core';
import type { ActivityMetadata } from './activity-input.js';
import type { DeviceSummary } from './enrichment.js';
import { canSeePii, maskDeviceId, maskGeo, maskIp, type ActivityGeo } from './pii.js';
import type { ActivityCategory } from '@vigil/core';

export interface ActivityEventView {
  readonly id: string;
  readonly tenantId: string;
  readonly accountId: string;
  readonly sequence: number;
  readonly hash: string;
  readonly type: string;
  readonly category: ActivityCategory;
  readonly outcome: ActivityOutcome;
  readonly occurredAt: Date;
  readonly recordedAt: Date;
  readonly actor: { readonly type: ActorType; readonly id?: string };
  readonly device?: DeviceSummary;
  readonly firstSeenDevice: boolean;
  readonly firstSeenCountry: boolean;
  readonly ip?: string;
  readonly userAgent?: string;
  readonly deviceId?: string;
  readonly geo?: ActivityGeo;
  readonly metadata?: ActivityMetadata;
  /** Set when the account's PII was erased; the PII fields then hold nothing. */
  readonly erasedAt?: Date;
}

/**
 * The event as a reader with `roles` may see it: PII in full for SECURITY_ANALYST, AUDITOR and ADMIN;
 * for everyone else IP and device id are masked, geo is reduced to the country, and the user agent and
 * free-text metadata are withheld.
 */
export function viewForReader(event: ActivityEventView, roles: readonly Role[]): ActivityEventView {
  if (canSeePii(roles)) return event;
  const { ip, deviceId, geo, userAgent: _userAgent, metadata: _metadata, ...rest } = event;
  return {
    ...rest,
    ...(ip ? { ip: maskIp(ip) } : {}),
    ...(deviceId ? { deviceId: maskDeviceId(deviceId) } : {}),
    ...(geo ? { geo: maskGeo(geo) } : {}),
  };
}
