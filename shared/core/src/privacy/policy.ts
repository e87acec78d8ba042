/**
 * Vigil's one personal-data policy: which kinds of value are personal data, which fields of the graph
 * carry them, and what each role sees of each kind. Every subgraph applies it (the subgraph factory wraps
 * every field listed here; exports and other non-GraphQL outputs call `disclose`/`discloseRecord`), and the
 * gateway's composition rules read `PERSONAL_DATA_FIELDS` to refuse partner `@requires`/`@provides` that
 * reach personal data. Change what a role sees here, nowhere else.
 */
import type { Role } from '../auth/identity.js';

/**
 * Kinds of personal data. `TEXT` is free text that may embed values of the other kinds (alert explanations,
 * notes, notification previews): embedded IPs, emails and phone numbers are masked at the reader's
 * visibility of their own kind. `NAMED_VALUE` is the `value` of a `{ name, value }` pair whose kind follows
 * its name (`ip` → IP_ADDRESS, `deviceId` → DEVICE_ID, …; any other name is read as TEXT). `EVIDENCE` (event
 * metadata) is a JSON container: once it is visible, the values inside it follow their own kinds (`evidence.ts`, ADR 149).
 */
export const PERSONAL_DATA_KINDS = [
  'EMAIL',
  'PHONE',
  'CONTACT_ADDRESS',
  'PERSON_NAME',
  'IP_ADDRESS',
  'DEVICE_ID',
  'USER_AGENT',
  'LOCATION',
  'EVIDENCE',
  'TEXT',
  'NAMED_VALUE',
] as const;
export type PersonalDataKind = (typeof PERSONAL_DATA_KINDS)[number];

/** The kinds a value can be on its own (TEXT and NAMED_VALUE resolve to these). */
export type ValueKind = Exclude<PersonalDataKind, 'TEXT' | 'NAMED_VALUE'>;

/** `CLEAR`: the value whole. `MASKED`: the masked form (j***@example.com, 203.0.113.x). `HIDDEN`: nothing (null). */
export type Visibility = 'CLEAR' | 'MASKED' | 'HIDDEN';

const C = 'CLEAR';
const M = 'MASKED';
const H = 'HIDDEN';

/**
 * What each role sees of each kind. A caller with several roles sees the most of any of them; a caller
 * with none sees nothing. Why these choices:
 * - contact details (EMAIL, PHONE, CONTACT_ADDRESS) whole only for ADMIN and SUPERVISOR, who change them
 *   and send codes; the rest of the floor reads them back masked to confirm with the caller;
 * - network and device data (IP, DEVICE_ID, USER_AGENT, LOCATION, EVIDENCE) whole for the investigators
 *   (SECURITY_ANALYST, AUDITOR) and ADMIN; masked for the floor (enough to see "same network / same
 *   device / same country"), the user agent and evidence withheld;
 * - INGEST is the client system that sent the events: it gets back what the floor sees of them, no contact
 *   details; PARTNER systems never see network data and see contact details masked.
 */
export const ROLE_VISIBILITY: Readonly<Record<Role, Readonly<Record<ValueKind, Visibility>>>> = {
  ADMIN: row(C, C, C, C, C, C, C, C, C),
  SUPERVISOR: row(C, C, C, C, M, M, H, M, H),
  AGENT: row(M, M, M, C, M, M, H, M, H),
  SECURITY_ANALYST: row(M, M, M, C, C, C, C, C, C),
  AUDITOR: row(M, M, M, C, C, C, C, C, C),
  INGEST: row(H, H, H, H, M, M, H, M, H),
  PARTNER: row(M, M, M, M, H, H, H, H, H),
};

function row(
  email: Visibility,
  phone: Visibility,
  contactAddress: Visibility,
  personName: Visibility,
  ip: Visibility,
  deviceId: Visibility,
  userAgent: Visibility,
  location: Visibility,
  evidence: Visibility,
): Readonly<Record<ValueKind, Visibility>> {
  return {
    EMAIL: email,
    PHONE: phone,
    CONTACT_ADDRESS: contactAddress,
    PERSON_NAME: personName,
    IP_ADDRESS: ip,
    DEVICE_ID: deviceId,
    USER_AGENT: userAgent,
    LOCATION: location,
    EVIDENCE: evidence,
  };
}

const RANK: Readonly<Record<Visibility, number>> = { HIDDEN: 0, MASKED: 1, CLEAR: 2 };

/** What a caller with `roles` sees of `kind`: the most any of its roles sees. */
export function visibilityFor(roles: readonly Role[], kind: ValueKind): Visibility {
  let best: Visibility = 'HIDDEN';
  for (const role of roles) {
    const visibility = ROLE_VISIBILITY[role]?.[kind] ?? 'HIDDEN';
    if (RANK[visibility] > RANK[best]) best = visibility;
  }
  return best;
}

/**
 * Every field of Vigil's graph that carries personal data, by GraphQL type and field name. A partner
 * subgraph's field that returns one of these must not be reached with `@requires`/`@provides`.
 */
export const PERSONAL_DATA_FIELDS: Readonly<Record<string, Readonly<Record<string, PersonalDataKind>>>> = {
  // accounts
  Account: { email: 'EMAIL', phone: 'PHONE', displayName: 'PERSON_NAME' },
  ContactChannel: { address: 'CONTACT_ADDRESS' },
  KnownDevice: { deviceId: 'DEVICE_ID', userAgent: 'USER_AGENT', label: 'TEXT' },
  Agent: { email: 'EMAIL' },
  // activity-logs
  ActivityEvent: { ip: 'IP_ADDRESS', deviceId: 'DEVICE_ID', userAgent: 'USER_AGENT', geo: 'LOCATION', metadata: 'EVIDENCE' },
  // Actor ids are ids, but identity providers often use the customer's email (Okta's alternateId).
  ActivityActor: { id: 'TEXT' },
  // Who recorded an event (ADR 145): a principal's token subject, which may be a staff member's email.
  ActivityRecorder: { id: 'TEXT' },
  ActivityReview: { flagReason: 'TEXT' },
  // alerts
  Alert: { reasons: 'TEXT' },
  AlertReasons: { explanation: 'TEXT' },
  ReasonValue: { value: 'NAMED_VALUE' },
  AlertStatusChange: { reason: 'TEXT' },
  NotificationDelivery: { address: 'CONTACT_ADDRESS', lastError: 'TEXT' },
  // recovery-cases
  ContactChangeRequest: { newValue: 'CONTACT_ADDRESS', decisionReason: 'TEXT' },
  CaseNote: { body: 'TEXT' },
  CaseTransition: { reason: 'TEXT' },
};

/** Names of `{ name, value }` pairs whose value is of a known kind (compared case-insensitively). */
export const NAMED_VALUE_KINDS: Readonly<Record<string, ValueKind>> = {
  ip: 'IP_ADDRESS',
  ipaddress: 'IP_ADDRESS',
  sourceip: 'IP_ADDRESS',
  deviceid: 'DEVICE_ID',
  // Compounds ending in "address" or a generic word, matched before their last word is: a MAC address identifies
  // the device (whole to investigators), an email address is an email, not a postal address.
  macaddress: 'DEVICE_ID',
  useragent: 'USER_AGENT',
  email: 'EMAIL',
  emailaddress: 'EMAIL',
  phone: 'PHONE',
  phonenumber: 'PHONE',
  mobile: 'PHONE',
  address: 'CONTACT_ADDRESS',
  city: 'LOCATION',
};

/** The kind of field `typeName.fieldName`, or undefined when it carries no personal data. */
export function personalDataKind(typeName: string, fieldName: string): PersonalDataKind | undefined {
  return PERSONAL_DATA_FIELDS[typeName]?.[fieldName];
}
