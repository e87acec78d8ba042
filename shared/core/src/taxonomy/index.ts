/**
 * The activity event taxonomy, shared by every service that writes, reads or reacts to activity events.
 *
 * - `ACTIVITY_CATEGORIES` / `ActivityCategory`: the review categories.
 * - `BUILT_IN_EVENT_TYPES`, `EVENT_TYPE_FAMILIES`: each type's category, OCSF class, fixed outcome and
 *   `writer`. `defineCustomEventType` checks a tenant's `custom.*` type.
 * - Writers: `CLIENT` types may come from INGEST callers; `VIGIL` types (`system.*` — erasure
 *   `VIGIL_EVENT_TYPES.accountErased`, purge `VIGIL_EVENT_TYPES.retentionPurged`, admin actions under
 *   `ADMIN_ACTION_PREFIX` — and `agent.action.*` under `AGENT_ACTION_PREFIX`) only from Vigil's own code.
 *   `isVigilWrittenType(type)` answers for any string.
 * - `EventTaxonomy`: one tenant's view; `resolve(type, writer)` refuses a reserved type for a `CLIENT`
 *   with `reason: 'RESERVED'` and a message naming who writes it.
 */
export * from './categories.js';
export {
  BASE_EVENT,
  BUILT_IN_EVENT_TYPES,
  CUSTOM_TYPE_PREFIX,
  EVENT_TYPE_FAMILIES,
  MAX_EVENT_TYPE_LENGTH,
  defineCustomEventType,
  isWellFormedEventType,
  type EventTypeDefinition,
  type OcsfClass,
} from './event-types.js';
export { EventTaxonomy, editDistance, type TypeRefusal, type TypeResolution } from './event-taxonomy.js';
export * from './writers.js';
