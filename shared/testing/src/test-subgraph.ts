import {
  InMemoryEventBus,
  InMemoryPubSub,
  startSubgraph,
  type Environment,
  type Logger,
  type MongoHandle,
  type SubgraphDeps,
  type SubgraphModule,
  type SubgraphServer,
  type VigilConfig,
} from '@vigil/core';
import { subgraphCaller, type SubgraphCall } from './identity.js';
import { openTestBase } from './test-base.js';

/** What starts the subgraph under test: its module descriptor, or its `createXSubgraph(deps)` function. */
export type SubgraphStart<TServer extends SubgraphServer> = SubgraphModule<never> | ((deps: SubgraphDeps) => Promise<TServer>);

/** Given to `seed` before the subgraph starts: the embedded server, for demo data or other subgraphs' databases. */
export interface SeedContext {
  readonly config: VigilConfig;
  readonly logger: Logger;
  /** A connection to `dbName` on the same embedded server; closed when the subgraph stops. */
  open(dbName: string): Promise<MongoHandle>;
}

export interface TestSubgraphOptions<TServer extends SubgraphServer> {
  /** The subgraph's name: the audience of every signature. */
  readonly name: string;
  /** Its own database. */
  readonly dbName: string;
  readonly start: SubgraphStart<TServer>;
  /** More configuration (`NODE_ENV=test`, memory-only MongoDB and silent logs are set). */
  readonly env?: Environment;
  readonly seed?: (context: SeedContext) => Promise<void>;
  /** Default `silent`; `VIGIL_TEST_LOG=debug` shows every subgraph's logs. */
  readonly logLevel?: string;
  /** Starts the MongoDB server (e.g. in a child process, to measure this process alone). Default: embedded, in process. */
  readonly mongo?: () => Promise<{ readonly uri: string; stop(): Promise<void> }>;
  /** Makes the bus, e.g. to subscribe an observer before the subgraph publishes. Default: an in-memory bus. */
  readonly bus?: (logger: Logger) => InMemoryEventBus | Promise<InMemoryEventBus>;
}

export interface TestSubgraph<TServer extends SubgraphServer = SubgraphServer> {
  readonly name: string;
  readonly url: string;
  /** `ws://…/graphql`: the same endpoint for graphql-ws. */
  readonly wsUrl: string;
  readonly server: TServer;
  /** The MongoDB server's URI, to connect other databases on it. */
  readonly mongoUri: string;
  readonly config: VigilConfig;
  readonly logger: Logger;
  readonly db: MongoHandle;
  readonly bus: InMemoryEventBus;
  readonly pubsub: InMemoryPubSub;
  /** A GraphQL call as an identity (signed like the gateway does), or unsigned with `undefined`. */
  readonly call: SubgraphCall;
  stop(): Promise<void>;
}

/**
 * One subgraph for a test file on real parts: an embedded MongoDB (memory only), an in-memory bus and PubSub,
 * the development gateway keys, a real HTTP + graphql-ws port. `stop()` closes all of it, newest first.
 */
export async function startTestSubgraph<TServer extends SubgraphServer = SubgraphServer>(
  options: TestSubgraphOptions<TServer>,
): Promise<TestSubgraph<TServer>> {
  const base = await openTestBase(options);
  const { config, logger, open } = base;
  try {
    await options.seed?.({ config, logger, open });
    const db = await open(options.dbName);
    const bus = (await options.bus?.(logger)) ?? new InMemoryEventBus(logger);
    const pubsub = new InMemoryPubSub();
    base.onClose(() => bus.close());
    base.onClose(() => pubsub.close());
    const deps: SubgraphDeps = { config, logger, connection: db.connection, bus, pubsub };
    const server = (
      typeof options.start === 'function' ? await options.start(deps) : await startSubgraph(options.start, deps)
    ) as TServer;
    base.onClose(() => server.stop());
    const { url } = await server.start(0);
    return {
      name: options.name,
      url,
      wsUrl: url.replace(/^http/, 'ws'),
      server,
      mongoUri: base.mongoUri,
      config,
      logger,
      db,
      bus,
      pubsub,
      call: subgraphCaller(url, options.name, config.GATEWAY_SIGNING_KEY),
      stop: () => base.close(),
    };
  } catch (error) {
    await base.close();
    throw error;
  }
}
