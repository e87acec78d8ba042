import {
  InMemoryEventBus,
  InMemoryPubSub,
  type Environment,
  type Logger,
  type Role,
  type SubgraphDeps,
  type SubgraphServer,
  type VigilConfig,
} from '@vigil/core';
import { createGateway, gatewayOptionsFromConfig, type Gateway } from '@vigil/gateway';
import { mintGatewayToken } from './gateway-token.js';
import { TEST_TENANT } from './identity.js';
import { openTestBase } from './test-base.js';
import type { SeedContext } from './test-subgraph.js';

/** One subgraph of a test graph: its name, its database, how it starts. */
export interface GraphMember {
  readonly name: string;
  readonly dbName: string;
  readonly start: (deps: SubgraphDeps) => Promise<SubgraphServer>;
}

export interface TestGraphOptions {
  /** Started in this order on one embedded MongoDB, one in-memory bus and PubSub, stopped in reverse. */
  readonly subgraphs: readonly GraphMember[];
  /** Runs before the subgraphs start (e.g. the accounts demo seed). */
  readonly seed?: (context: SeedContext) => Promise<void>;
  readonly env?: Environment;
}

/** Who calls through the gateway: roles, and optionally subject and tenants (default the demo tenant). */
export interface GraphCaller {
  readonly roles: readonly Role[];
  readonly subject?: string;
  readonly tenants?: readonly string[];
}

export interface GraphAnswer<TData> {
  readonly status: number;
  readonly data?: TData | null;
  readonly errors?: readonly {
    message: string;
    path?: readonly (string | number)[];
    extensions?: { code?: string } & Record<string, unknown>;
  }[];
}

export interface TestGraph {
  readonly gateway: Gateway;
  readonly config: VigilConfig;
  readonly logger: Logger;
  readonly bus: InMemoryEventBus;
  readonly pubsub: InMemoryPubSub;
  /** The started subgraphs by name. */
  readonly servers: ReadonlyMap<string, SubgraphServer>;
  /** A bearer token the gateway accepts for `caller`. */
  token(caller: GraphCaller): Promise<string>;
  /** One GraphQL operation through the gateway as `caller`. */
  call<TData = Record<string, unknown>>(
    caller: GraphCaller,
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<GraphAnswer<TData>>;
  stop(): Promise<void>;
}

/**
 * Some real subgraphs composed behind the real gateway (its options from config, as the stack builds them), on one
 * embedded MongoDB and one in-memory bus: for a subgraph's tests of federation and of its events across subgraphs.
 * The whole stack with the demo data is `startTestStack` (`@vigil/testing/stack`).
 */
export async function startTestGraph(options: TestGraphOptions): Promise<TestGraph> {
  const base = await openTestBase({ name: 'graph', ...(options.env ? { env: options.env } : {}) });
  const { config, logger, open } = base;
  try {
    await options.seed?.({ config, logger, open });
    const bus = new InMemoryEventBus(logger);
    const pubsub = new InMemoryPubSub();
    base.onClose(() => bus.close());
    base.onClose(() => pubsub.close());
    const servers = new Map<string, SubgraphServer>();
    const endpoints = [];
    for (const member of options.subgraphs) {
      const { connection } = await open(member.dbName);
      const server = await member.start({ config, logger, connection, bus, pubsub });
      base.onClose(() => server.stop());
      servers.set(member.name, server);
      endpoints.push({ name: member.name, url: (await server.start(0)).url, httpRoutes: server.httpPaths ?? [] });
    }
    const gateway = createGateway({ ...gatewayOptionsFromConfig(config, endpoints, logger), port: 0, host: '127.0.0.1' });
    base.onClose(() => gateway.stop());
    await gateway.start();

    const secret = config.JWT_SECRET;
    if (!secret) throw new Error('startTestGraph: the test config has no JWT_SECRET');
    const token = (caller: GraphCaller) =>
      mintGatewayToken({
        secret,
        roles: caller.roles,
        tenants: caller.tenants ?? [TEST_TENANT],
        ...(caller.subject ? { subject: caller.subject } : {}),
      });
    return {
      gateway,
      config,
      logger,
      bus,
      pubsub,
      servers,
      token,
      async call(caller, query, variables) {
        const response = await fetch(gateway.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${await token(caller)}` },
          body: JSON.stringify(variables ? { query, variables } : { query }),
        });
        return { status: response.status, ...((await response.json()) as object) };
      },
      stop: () => base.close(),
    };
  } catch (error) {
    await base.close();
    throw error;
  }
}
