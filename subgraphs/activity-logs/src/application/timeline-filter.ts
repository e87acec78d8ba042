/**
 * The timeline's filters as one MongoDB query over activity_events, field by field. Filters that would reveal
 * personal data (IP range, device id, free text) need the roles that read it, and no filter matches a value in a form
 * the caller may not read (ADR 151): the text search runs over the metadata as the caller reads it, an actor id is
 * matched whole only.
 */
import {
  invalidInput,
  maskText,
  notAllowed,
  type ActivityCategory,
  type ActivityOutcome,
  type ActorType,
  type Identity,
} from '@vigil/core';
import { cidrToKeyRange } from '../domain/ip-address.js';
import { canSeePii, searchFormFor } from '../domain/pii.js';
import type { RecorderKind } from '../domain/recorded-by.js';

/** A MongoDB filter over activity_events. */
export type EventQuery = Record<string, unknown>;

export interface TimelineFilter {
  readonly accountId?: string;
  readonly types?: readonly string[];
  readonly typePrefix?: string;
  readonly categories?: readonly ActivityCategory[];
  readonly outcomes?: readonly ActivityOutcome[];
  readonly from?: Date;
  readonly to?: Date;
  readonly ipCidr?: string;
  readonly countries?: readonly string[];
  readonly deviceId?: string;
  readonly actorTypes?: readonly ActorType[];
  readonly actorId?: string;
  readonly text?: string;
  readonly recordedBy?: RecorderKind;
  readonly flagged?: boolean;
  readonly reviewed?: boolean;
}

export function timelineFilterQuery(identity: Identity, filter: TimelineFilter): EventQuery {
  // Filtering by a PII value reveals it (does this account have an event from 1.2.3.4?): same roles as reading it.
  const piiFilters = ['ipCidr', 'deviceId', 'text'].filter((field) => filter[field as keyof TimelineFilter] !== undefined);
  if (piiFilters.length > 0 && !canSeePii(identity.roles))
    throw notAllowed(`Filtering by ${piiFilters.join(', ')} needs the SECURITY_ANALYST, AUDITOR or ADMIN role.`);
  // An actor id that embeds an email, phone number or IP is read back as the caller's role sees it: a filter on it
  // would confirm the value whole.
  if (filter.actorId !== undefined && maskText(filter.actorId, identity.roles) !== filter.actorId)
    throw notAllowed('Filtering by an actorId that holds an email, phone number or IP address needs a role that sees it whole.');
  // Metadata is read back with the emails, phone numbers and IPs inside it at their kind's visibility (ADR 149): a
  // search for one would confirm it whole by its result count. Refused outright, to say why such a search finds
  // nothing; a part of one (`jane.doe@`, a run of digits) is not recognisable, and is answered from the masked form.
  if (filter.text !== undefined && maskText(filter.text, identity.roles) !== filter.text)
    throw notAllowed('Searching metadata for an email, phone number or IP address needs a role that sees it whole.');
  // The text a caller searches is the text it reads (ADR 151): the whole form for those who see every value whole,
  // the masked form (as the investigators read it) for those who see contact details masked.
  const searchForm = filter.text === undefined ? undefined : searchFormFor(identity.roles);
  if (filter.text !== undefined && searchForm === undefined)
    throw notAllowed('Searching metadata needs a role that reads it at least as the AUDITOR role does.');
  const query: EventQuery = { purgedAt: { $exists: false } };
  if (filter.accountId !== undefined) query.accountId = filter.accountId;
  if (filter.types?.length) query.type = { $in: [...filter.types] };
  if (filter.typePrefix) query.type = { ...(query.type as object), $regex: `^${escapeRegex(filter.typePrefix)}` };
  if (filter.categories?.length) query.category = { $in: [...filter.categories] };
  if (filter.outcomes?.length) query.outcome = { $in: [...filter.outcomes] };
  if (filter.from || filter.to) {
    if (filter.from && filter.to && filter.from >= filter.to)
      throw invalidInput('filter.from must be before filter.to.', { from: 'before to' });
    query.occurredAt = { ...(filter.from ? { $gte: filter.from } : {}), ...(filter.to ? { $lt: filter.to } : {}) };
  } else {
    query.occurredAt = { $type: 'date' };
  }
  if (filter.ipCidr !== undefined) {
    const range = cidrToKeyRange(filter.ipCidr);
    if (!range)
      throw invalidInput(`ipCidr "${filter.ipCidr}" is not an IP address or CIDR block (e.g. 203.0.113.0/24).`, {
        ipCidr: 'invalid',
      });
    query.ipKey = { $gte: range.from, $lte: range.to };
  }
  if (filter.countries?.length) query['geo.country'] = { $in: filter.countries.map((country) => country.toUpperCase()) };
  if (filter.deviceId !== undefined) query.deviceId = filter.deviceId;
  if (filter.actorTypes?.length) query['actor.type'] = { $in: [...filter.actorTypes] };
  // A customer's id that names them is kept beside the chain's pseudonym (ADR 140); the cursor's bound takes `$or`.
  if (filter.actorId !== undefined) query.$and = [{ $or: [{ 'actor.id': filter.actorId }, { actorIdentity: filter.actorId }] }];
  if (filter.text !== undefined) {
    const text = filter.text.trim().toLowerCase();
    if (text.length < 2) throw invalidInput('text needs at least 2 characters.', { text: '≥ 2 characters' });
    // A literal substring: every metacharacter escaped, so the term cannot be a pattern (nor a slow one).
    query[searchForm === 'WHOLE' ? 'searchText' : 'maskedSearchText'] = { $regex: escapeRegex(text) };
  }
  if (filter.recordedBy !== undefined) query['recordedBy.kind'] = filter.recordedBy;
  if (filter.flagged !== undefined) query['review.flagged'] = filter.flagged ? true : { $ne: true };
  if (filter.reviewed !== undefined) query['review.reviewedAt'] = filter.reviewed ? { $type: 'date' } : { $exists: false };
  return query;
}

function escapeRegex(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
