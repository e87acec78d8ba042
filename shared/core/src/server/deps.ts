import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import type { VigilConfig } from '../config/config.js';
import type { EventBus } from '../events/event-bus.js';
import type { VigilPubSub } from '../pubsub/pubsub.js';

/**
 * What every subgraph's composition root takes: `createAccountsSubgraph(deps)`, `createAlertsSubgraph(deps)`…
 * The caller (stack, a service's main, a test) owns these and closes them; the subgraph only uses them.
 */
export interface SubgraphDeps {
  readonly config: VigilConfig;
  readonly logger: Logger;
  /** This subgraph's own database (e.g. `vigil_accounts`), from `connectMongo`. */
  readonly connection: Connection;
  readonly bus: EventBus;
  readonly pubsub: VigilPubSub;
}
