import { gatewayKeysFromConfig } from '../auth/gateway-keys.js';
import type { SubgraphDeps } from '../server/deps.js';
import { createSubgraphServer, type SubgraphServer, type SubgraphServerOptions } from '../server/subgraph-server.js';
import type { BackgroundTask } from './background-task.js';

/** What a subgraph's `create` returns: everything the factory serves, plus the work it runs in the background. */
export type SubgraphAssembly<TLoaders> = Omit<SubgraphServerOptions<TLoaders>, 'name' | 'logger' | 'gatewayKeys'> & {
  /** Started by core in this order once the schema is built; stopped in reverse before the server stops. */
  readonly backgroundTasks: readonly BackgroundTask[];
};

/**
 * A subgraph, described once: its name (log name and the audience of every gateway signature), the database it
 * owns, and how to assemble it from its dependencies. `src/index.ts` of each subgraph exports one.
 */
export interface SubgraphModule<TLoaders = unknown> {
  readonly name: string;
  readonly dbName: string;
  /** Builds models, use cases, resolvers and tasks. Nothing runs yet: core starts the tasks. */
  create(deps: SubgraphDeps): Promise<SubgraphAssembly<TLoaders>>;
}

/**
 * The one way a subgraph is brought up: assemble it, build the server, start its background tasks; `stop()`
 * stops the tasks (newest first) and then drains the server.
 */
export async function startSubgraph<TLoaders>(module: SubgraphModule<TLoaders>, deps: SubgraphDeps): Promise<SubgraphServer> {
  const { backgroundTasks, ...serverOptions } = await module.create(deps);
  const server = await createSubgraphServer({
    ...serverOptions,
    name: module.name,
    logger: deps.logger,
    gatewayKeys: gatewayKeysFromConfig(deps.config),
  });
  const started: BackgroundTask[] = [];
  const stopTasks = async () => {
    for (const task of started.reverse()) await task.stop();
    started.length = 0;
  };
  try {
    for (const task of backgroundTasks) {
      await task.start();
      started.push(task);
    }
  } catch (err) {
    await stopTasks();
    await server.stop();
    throw err;
  }
  let stopping: Promise<void> | undefined;
  return {
    ...server,
    stop() {
      stopping ??= stopTasks().then(() => server.stop());
      return stopping;
    },
  };
}
