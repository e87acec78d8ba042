import {
  connectMongo,
  createEventBus,
  createLogger,
  createPubSub,
  loadConfig,
  startEmbeddedMongo,
  type EmbeddedServer,
  type Environment,
  type EventBus,
  type MongoHandle,
  type SubgraphServer,
  type VigilConfig,
  type VigilPubSub,
} from '@vigil/core';
import {
  createGateway,
  GATEWAY_JWKS_PATH,
  gatewayOptionsFromConfig,
  loadSupergraphConfig,
  type Gateway,
  type SubgraphEndpoint,
} from '@vigil/gateway';
import type { Logger } from 'pino';
import { createTokenMinter, type TokenRequest } from './dev-tokens.js';
import { wallSiteFor } from './wall-site.js';
import { SUBGRAPHS, type SubgraphModule, type CompositionContext } from './subgraphs.js';

export interface StackOptions {
  /** Environment to read config from (default `process.env`). */
  readonly env?: Environment;
  /** `ephemeral`: every server on a free port (tests, benches). `config`: the ports from config (npm start). */
  readonly ports?: 'config' | 'ephemeral';
  /** Runs each subgraph's `seed` step (demo tenants, accounts and agents). Default true. */
  readonly seed?: boolean;
  /** Replaces the logger built from config (tests pass a silent one). */
  readonly logger?: Logger;
  /**
   * Partner subgraphs (running elsewhere) composed beside ours, each with its contract. Default: the `partner`
   * entries of the supergraph config named by SUPERGRAPH_CONFIG, when set; none otherwise.
   */
  readonly partners?: readonly SubgraphEndpoint[];
  /** The gateway's port, whatever `ports` says (`npm run supergraph` keeps the configured one for partners' JWKS URL). */
  readonly gatewayPort?: number;
  /** Driver command monitoring on every subgraph's connection, for `mongo.commands` (tests). Default off. */
  readonly monitorCommands?: boolean;
}

export interface RunningSubgraph {
  readonly name: string;
  readonly url: string;
  readonly server: SubgraphServer;
  readonly mongo: MongoHandle;
}

export interface RunningStack {
  readonly config: VigilConfig;
  /** `http://127.0.0.1:<port>/graphql`; graphql-ws on the same URL with `ws://`. */
  readonly gatewayUrl: string;
  /** The gateway's public keys (what partners verify with). */
  readonly gatewayJwksUrl: string;
  /** The composed supergraph SDL. */
  readonly supergraphSdl: string;
  /** `http://127.0.0.1:<port>/wall/` when the web app is built (`wall/dist`), else undefined. */
  readonly wallUrl: string | undefined;
  readonly mongoUri: string;
  readonly subgraphs: ReadonlyMap<string, RunningSubgraph>;
  readonly bus: EventBus;
  readonly pubsub: VigilPubSub;
  /** The gateway's shared subscriptions now (ADR 100): upstream executions and the walls they serve. */
  readonly sharedSubscriptions: Gateway['sharedSubscriptions'];
  /** A dev token the gateway accepts. */
  token(request: TokenRequest): Promise<string>;
  /** Stops one subgraph's server (its database stays open): for "a subgraph is down" tests. */
  stopSubgraph(name: string): Promise<void>;
  /** Stops everything in reverse order of start. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * The whole graph in one process: one MongoDB (embedded unless MONGODB_URI), one event bus and PubSub
 * (in memory unless REDIS_URL), the four subgraphs on their own ports, and the gateway in front of them.
 */
export async function startStack(options: StackOptions = {}): Promise<RunningStack> {
  const config = loadConfig(options.env);
  const logger = options.logger ?? createLogger({ name: 'vigil', level: config.LOG_LEVEL });
  const ephemeral = options.ports === 'ephemeral';
  const cleanups: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      await cleanup().catch((error: unknown) => logger.error({ err: error }, 'stack shutdown step failed'));
    }
  };

  try {
    let embedded: EmbeddedServer | undefined;
    let mongoUri = config.MONGODB_URI;
    if (!mongoUri) {
      embedded = await startEmbeddedMongo(config, logger);
      cleanups.push(() => embedded!.stop());
      mongoUri = embedded.uri;
    }
    const bus = createEventBus(config, logger);
    cleanups.push(() => bus.close());
    const pubsub = createPubSub(config, logger);
    cleanups.push(() => pubsub.close());

    const subgraphs = new Map<string, RunningSubgraph>();
    for (const module of SUBGRAPHS) {
      const composition = { urlOf: (name: string) => subgraphs.get(name)?.url, env: options.env ?? process.env };
      const running = await startSubgraph(module, {
        config,
        logger,
        mongoUri,
        bus,
        pubsub,
        composition,
        port: ephemeral ? 0 : module.port(config),
        monitorCommands: options.monitorCommands === true,
      });
      cleanups.push(() => running.mongo.close());
      cleanups.push(() => running.server.stop());
      subgraphs.set(module.name, running);
      if (options.seed !== false && module.seed) await module.seed(running.mongo.connection);
    }

    const env = options.env ?? process.env;
    const partners = options.partners ?? (env.SUPERGRAPH_CONFIG ? await partnersFrom(env.SUPERGRAPH_CONFIG) : []);
    const gatewayOptions = gatewayOptionsFromConfig(
      config,
      [
        ...[...subgraphs.values()].map(({ name, url, server }) => ({ name, url, httpRoutes: server.httpPaths ?? [] })),
        ...partners,
      ],
      logger.child({ component: 'gateway' }),
    );
    const gatewayPort = options.gatewayPort ?? (ephemeral ? 0 : config.GATEWAY_PORT);
    const wall = wallSiteFor(config);
    const gateway: Gateway = createGateway({
      ...gatewayOptions,
      port: gatewayPort,
      host: '127.0.0.1',
      sites: wall ? [wall] : [],
    });
    await gateway.start();
    cleanups.push(() => gateway.stop());

    const stoppedSubgraphs = new Set<string>();
    return {
      config,
      gatewayUrl: gateway.url,
      gatewayJwksUrl: new URL(GATEWAY_JWKS_PATH, gateway.url).href,
      supergraphSdl: gateway.supergraphSdl,
      wallUrl: wall ? new URL('/wall/', gateway.url).href : undefined,
      mongoUri,
      subgraphs,
      bus,
      pubsub,
      get sharedSubscriptions() {
        return gateway.sharedSubscriptions;
      },
      token: createTokenMinter(config),
      async stopSubgraph(name) {
        const running = subgraphs.get(name);
        if (!running) throw new Error(`No subgraph named "${name}" in this stack.`);
        if (stoppedSubgraphs.has(name)) return;
        stoppedSubgraphs.add(name);
        await running.server.stop();
      },
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

interface StartSubgraphContext {
  readonly config: VigilConfig;
  readonly logger: Logger;
  readonly mongoUri: string;
  readonly bus: EventBus;
  readonly pubsub: VigilPubSub;
  readonly composition: CompositionContext;
  readonly port: number;
  readonly monitorCommands: boolean;
}

async function startSubgraph(module: SubgraphModule, context: StartSubgraphContext): Promise<RunningSubgraph> {
  const logger = context.logger.child({ subgraph: module.name });
  const mongo = await connectMongo(context.config, logger, {
    dbName: module.dbName,
    uri: context.mongoUri,
    monitorCommands: context.monitorCommands,
  });
  try {
    const server = await module.create(
      { config: context.config, logger, connection: mongo.connection, bus: context.bus, pubsub: context.pubsub },
      context.composition,
    );
    const { url } = await server.start(context.port, '127.0.0.1');
    return { name: module.name, url, server, mongo };
  } catch (error) {
    await mongo.close();
    throw error;
  }
}

/** The partner entries of a supergraph config file; our own entries are served in-process instead. */
async function partnersFrom(path: string): Promise<SubgraphEndpoint[]> {
  return (await loadSupergraphConfig(path)).filter((subgraph) => subgraph.partner !== undefined);
}
