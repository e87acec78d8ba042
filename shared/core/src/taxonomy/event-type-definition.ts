// The shape of an event type, apart from the catalogue (event-types.ts) so that admin-actions.ts can build
// definitions without importing the catalogue that lists them.
import type { ActivityOutcome } from '../events/topics.js';
import type { ActivityCategory } from './categories.js';
import type { EventWriter } from './writers.js';

/** OCSF classification used by exports. `type_uid` is derived (class * 100 + activity). */
export interface OcsfClass {
  readonly classUid: number;
  readonly categoryUid: number;
  readonly activityId: number;
}

export interface EventTypeDefinition {
  /** The dotted type, or a family pattern ending in `*` (e.g. `agent.action.*`). */
  readonly type: string;
  readonly category: ActivityCategory;
  readonly ocsf: OcsfClass;
  /** Set when the type itself states the outcome (a `failed` event is never a success). */
  readonly fixedOutcome?: ActivityOutcome;
  readonly description: string;
  /** Who may record it: `VIGIL` types are refused from clients (see writers.ts). */
  readonly writer: EventWriter;
}
