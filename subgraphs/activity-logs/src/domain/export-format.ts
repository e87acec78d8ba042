/**
 * Export encodings for auditors and SIEMs: Vigil's own NDJSON (with OCSF class ids), ECS field names,
 * and CSV. Each function encodes one event, so exports stream row by row.
 */
import type { ActivityEventView } from './activity-event.js';
import { BUILT_IN_EVENT_TYPES, EVENT_TYPE_FAMILIES, type ActivityCategory, type OcsfClass } from '@vigil/core/domain';

export const EXPORT_FORMATS = ['ndjson', 'ecs', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const OCSF_BY_TYPE = new Map(BUILT_IN_EVENT_TYPES.map((definition) => [definition.type, definition.ocsf]));
const BASE_EVENT: OcsfClass = { classUid: 0, categoryUid: 0, activityId: 99 };

export function ocsfClassOf(type: string): OcsfClass {
  return (
    OCSF_BY_TYPE.get(type) ?? EVENT_TYPE_FAMILIES.find((family) => type.startsWith(family.type.slice(0, -1)))?.ocsf ?? BASE_EVENT
  );
}

export function toVigilRecord(event: ActivityEventView): Record<string, unknown> {
  const ocsf = ocsfClassOf(event.type);
  return {
    ...event,
    occurredAt: event.occurredAt.toISOString(),
    recordedAt: event.recordedAt.toISOString(),
    erasedAt: event.erasedAt?.toISOString(),
    ocsf: {
      class_uid: ocsf.classUid,
      category_uid: ocsf.categoryUid,
      activity_id: ocsf.activityId,
      type_uid: ocsf.classUid * 100 + ocsf.activityId,
    },
  };
}

const ECS_CATEGORY: Readonly<Record<ActivityCategory, string>> = {
  AUTHENTICATION: 'authentication',
  FAILURE: 'authentication',
  SECURITY: 'iam',
  ACCOUNT_UPDATE: 'iam',
  AGENT_ACTIVITY: 'iam',
  INTEGRATION: 'api',
  TRANSACTION: 'web',
  CUSTOMER_INTERACTION: 'web',
  COMPLAINT: 'web',
  USAGE: 'web',
  SYSTEM: 'configuration',
};

/** Elastic Common Schema: the field names SIEMs index without a custom mapping. */
export function toEcsRecord(event: ActivityEventView): Record<string, unknown> {
  const geo = event.geo;
  return {
    '@timestamp': event.occurredAt.toISOString(),
    event: {
      kind: 'event',
      id: event.id,
      action: event.type,
      category: [ECS_CATEGORY[event.category]],
      outcome: event.outcome.toLowerCase(),
      created: event.recordedAt.toISOString(),
      sequence: event.sequence,
      hash: event.hash,
    },
    organization: { id: event.tenantId },
    user: { id: event.accountId },
    ...(event.ip || geo
      ? {
          source: {
            ...(event.ip ? { ip: event.ip } : {}),
            ...(geo
              ? {
                  geo: {
                    country_iso_code: geo.country,
                    city_name: geo.city,
                    ...(geo.lat !== undefined ? { location: { lat: geo.lat, lon: geo.lon } } : {}),
                  },
                }
              : {}),
          },
        }
      : {}),
    ...(event.userAgent || event.device
      ? {
          user_agent: {
            original: event.userAgent,
            name: event.device?.browser,
            os: { full: event.device?.os },
            device: { name: event.device?.type },
          },
        }
      : {}),
    related: { user: [event.accountId, ...(event.actor.id ? [event.actor.id] : [])], ...(event.ip ? { ip: [event.ip] } : {}) },
    labels: {
      vigil_category: event.category,
      actor_type: event.actor.type,
      ...(event.deviceId ? { device_id: event.deviceId } : {}),
      // Who recorded it (ADR 145): ECS has no field for a producer Vigil vouches for, so labels, like the actor type.
      ...(event.recordedBy ? { recorded_by_kind: event.recordedBy.kind, recorded_by_id: event.recordedBy.id } : {}),
    },
  };
}

export const CSV_COLUMNS = [
  'sequence',
  'id',
  'occurredAt',
  'recordedAt',
  'accountId',
  'type',
  'category',
  'outcome',
  'actorType',
  'actorId',
  'ip',
  'country',
  'city',
  'deviceId',
  'browser',
  'os',
  'deviceType',
  'firstSeenDevice',
  'firstSeenCountry',
  'hash',
  // Appended (ADR 145), so readers that take columns by position keep theirs; empty for events stored before it.
  'recordedByKind',
  'recordedById',
] as const;

export function csvHeader(): string {
  return `${CSV_COLUMNS.join(',')}\r\n`;
}

export function toCsvRow(event: ActivityEventView): string {
  const cells = [
    event.sequence,
    event.id,
    event.occurredAt.toISOString(),
    event.recordedAt.toISOString(),
    event.accountId,
    event.type,
    event.category,
    event.outcome,
    event.actor.type,
    event.actor.id,
    event.ip,
    event.geo?.country,
    event.geo?.city,
    event.deviceId,
    event.device?.browser,
    event.device?.os,
    event.device?.type,
    event.firstSeenDevice,
    event.firstSeenCountry,
    event.hash,
    event.recordedBy?.kind,
    event.recordedBy?.id,
  ];
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/** RFC 4180 quoting, plus a leading ' on cells a spreadsheet would run as a formula (CSV injection). */
export function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text) && typeof value === 'string') text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
