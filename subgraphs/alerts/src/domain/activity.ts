import type { ActivityRecordedPayload } from '@vigil/core/domain';

/**
 * An activity event as detection reads it: core's `activity.recorded` payload without the fields no rule uses
 * (actor, user agent). The bus payload fits it as is; one type, so the two cannot drift apart.
 */
export type ActivityInput = Omit<ActivityRecordedPayload, 'actor' | 'userAgent'>;
