/**
 * A minimal real subgraph for core's own tests: type-graphql resolvers whose fields throw each kind of error a
 * subgraph can raise, served by the real factory through `startSubgraph`.
 */
import 'reflect-metadata';
import mongoose from 'mongoose';
import { GraphQLError } from 'graphql';
import { afterAll, beforeAll } from 'vitest';
import { Arg, Directive, Field, ID, Int, ObjectType, Query, Resolver } from 'type-graphql';
import {
  InMemoryEventBus,
  InMemoryPubSub,
  conflictWith,
  invalidInput,
  isAuthenticated,
  loadConfig,
  missing,
  notAllowed,
  rateLimited,
  refusedTransition,
  signedUpstreamBody,
  startSubgraph,
  type BackgroundTask,
  type Identity,
  type Logger,
  type SubgraphDeps,
  type SubgraphModule,
  type SubgraphServer,
} from '../src/index.js';
import { memoryLogger, type LoggedLine } from './memory-logger.js';
import { agent } from './probe-server.js';

@ObjectType()
class ProbeTag {
  @Field() label!: string;
  /** Denied too: a second list level. */
  @Field(() => String, { nullable: true }) owner?: string;
}

// An entity, as in every subgraph: federation's `_entities` needs one.
@ObjectType()
@Directive('@key(fields: "id")')
class Probe {
  @Field(() => ID) id!: string;
  @Field() state!: string;
  /** In no permission map: denied to everyone, once per row. */
  @Field(() => String, { nullable: true }) secret?: string;
  @Field(() => [ProbeTag]) tags!: ProbeTag[];
}

@Resolver()
class ProbeResolver {
  @Query(() => Probe)
  probe(): Probe {
    return { id: 'p-1', state: 'OPEN', secret: 's', tags: [] };
  }

  @Query(() => [Probe])
  probes(@Arg('count', () => Int) count: number): Probe[] {
    const tags = [
      { label: 'a', owner: 'o' },
      { label: 'b', owner: 'o' },
    ];
    return Array.from({ length: count }, (_, i) => ({ id: `p-${i}`, state: 'OPEN', secret: 's', tags }));
  }

  @Query(() => String)
  refusedClose(): string {
    throw refusedTransition('recovery case', 'CLOSED', 'IN_REVIEW', ['REOPENED']);
  }

  @Query(() => String)
  tooManyAttempts(): string {
    throw rateLimited('Too many verification attempts; try again later.', 120);
  }

  @Query(() => String)
  badEmail(): string {
    throw invalidInput('The email is not valid.', { email: 'must be an email address' });
  }

  @Query(() => String)
  unknownCase(): string {
    throw missing('No such recovery case.');
  }

  @Query(() => String)
  otherTeam(): string {
    throw notAllowed('This case belongs to another team.');
  }

  @Query(() => String)
  reusedKey(): string {
    throw conflictWith('This idempotency key was used for another request.', { idempotencyKey: 'k-1' });
  }

  @Query(() => String)
  driverFailure(): string {
    throw new Error('connection to mongodb://admin:hunter2@10.0.0.5 lost');
  }

  @Query(() => String)
  untaggedGraphqlError(): string {
    throw new GraphQLError('resolver internals: cursor 0x7f3a exhausted');
  }
}

const PROBE_FIELDS = [
  'probe',
  'probes',
  'refusedClose',
  'tooManyAttempts',
  'badEmail',
  'unknownCase',
  'otherTeam',
  'reusedKey',
] as const;

/** The probe subgraph with the given background tasks. */
export function probeModule(backgroundTasks: readonly BackgroundTask[] = []): SubgraphModule<Record<string, never>> {
  return {
    name: 'probe',
    dbName: 'vigil_probe',
    create: async () => ({
      resolvers: [new ProbeResolver()],
      permissions: {
        Query: Object.fromEntries(
          [...PROBE_FIELDS, 'driverFailure', 'untaggedGraphqlError'].map((field) => [field, isAuthenticated]),
        ),
        Probe: { id: isAuthenticated, state: isAuthenticated, tags: isAuthenticated },
        ProbeTag: { label: isAuthenticated },
      },
      referenceResolvers: { Probe: (reference) => ({ id: reference.id, state: 'OPEN', tags: [] }) },
      createLoaders: () => ({}),
      backgroundTasks,
    }),
  };
}

const config = loadConfig({ NODE_ENV: 'test', MONGO_DATA_DIR: '' });

/** Real dependencies; the connection is never opened (the probe stores nothing). */
export function probeDeps(logger: Logger): SubgraphDeps & { close(): Promise<void> } {
  const bus = new InMemoryEventBus(logger);
  const pubsub = new InMemoryPubSub();
  return {
    config,
    logger,
    connection: mongoose.createConnection(),
    bus,
    pubsub,
    async close() {
      await bus.close();
      await pubsub.close();
    },
  };
}

export const probeCaller: Identity = { ...agent, subject: 'agent-7' };

export interface GraphqlAnswer {
  readonly data?: Record<string, unknown> | null;
  readonly errors?: readonly { message: string; path?: readonly (string | number)[]; extensions?: Record<string, unknown> }[];
}

/** POSTs a query signed with the dev gateway key, the way the gateway calls a subgraph. */
export async function askProbe(url: string, query: string): Promise<{ status: number; body: GraphqlAnswer }> {
  const key = config.GATEWAY_SIGNING_KEY;
  if (!key) throw new Error('the test config has no gateway signing key');
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(signedUpstreamBody(probeCaller, { query }, { key, audience: 'probe' })),
  });
  return { status: response.status, body: (await response.json()) as GraphqlAnswer };
}

/**
 * For a test file: the probe subgraph through `startSubgraph`, listening on a free port for the file's tests.
 * `lines` holds what it logged.
 */
export function useProbeSubgraph(): { readonly url: () => string; readonly lines: LoggedLine[] } {
  const { logger, lines } = memoryLogger();
  const deps = probeDeps(logger);
  let server: SubgraphServer | undefined;
  let url = '';
  beforeAll(async () => {
    server = await startSubgraph(probeModule(), deps);
    ({ url } = await server.start(0));
  });
  afterAll(async () => {
    await server?.stop();
    await deps.close();
  });
  return { url: () => url, lines };
}
