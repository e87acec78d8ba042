import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { parse, type GraphQLSchema } from 'graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import { applyMiddleware, type IMiddlewareTypeMap } from 'graphql-middleware';
import { deny as denyRule, shield, type IRules } from 'graphql-shield';
import { buildSchema, createResolversMap, type PubSub } from 'type-graphql';
import { forbidden } from '../errors/errors.js';
import { personalDataMiddleware } from '../privacy/middleware.js';
import type { SubgraphContext } from './context.js';
import { edgeArgsMiddleware } from './edge-args.js';
import { FEDERATION_RULES } from './rules.js';

/**
 * The federation spec version every Vigil subgraph links. 2.3 is accepted by @apollo/composition 2.14 and
 * the Hive gateway runtime, and has everything we use (@key, @shareable, @external, @requires, @provides,
 * @interfaceObject, @inaccessible, @override, @tag).
 */
export const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ' +
  '["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible", "@override", "@tag", "@interfaceObject"])';

/** A federation reference resolver: `{ __typename, id }` → the entity (or null when the caller may not see it). */
export type ReferenceResolver<TContext extends SubgraphContext = SubgraphContext> = (
  reference: { readonly __typename: string } & Record<string, unknown>,
  context: TContext,
) => unknown;

export interface FederatedSchemaOptions {
  /** Resolver instances (their classes carry the type-graphql decorators); constructed by the subgraph with its deps. */
  readonly resolvers: readonly object[];
  /** Types not reachable from a resolver (e.g. an entity only reachable through `_entities`). */
  readonly orphanedTypes?: readonly (new (...args: never[]) => object)[];
  /** `{ Account: (reference, context) => context.loaders.accountById.load(reference.id) }` */
  readonly referenceResolvers?: Readonly<Record<string, ReferenceResolver<never>>>;
  /** graphql-shield rule map; anything not listed is denied. Federation internals are added here. */
  readonly permissions: IRules;
  /** More graphql-middleware field maps, applied after shield and before the personal-data policy. */
  readonly middlewares?: readonly IMiddlewareTypeMap[];
  readonly pubsub?: PubSub;
}

/**
 * type-graphql classes → SDL (with the @key directives from `@Directive`) → @apollo/subgraph schema with
 * type-graphql's resolvers and the reference resolvers → `null` arguments dropped and ids checked (edge-args.ts) →
 * graphql-shield (deny by default) → extra middleware → the personal-data policy (`privacy/policy.ts`) on every
 * field it lists, applied here so no subgraph can forget it.
 */
export async function buildFederatedSchema(options: FederatedSchemaOptions): Promise<GraphQLSchema> {
  const instances = new Map<unknown, object>(options.resolvers.map((resolver) => [resolver.constructor, resolver]));
  const classes = [...instances.keys()] as [() => unknown, ...(() => unknown)[]];
  if (classes.length === 0) throw new Error('buildFederatedSchema: at least one resolver is required');

  const typeGraphqlSchema = await buildSchema({
    resolvers: classes,
    ...(options.orphanedTypes ? { orphanedTypes: [...options.orphanedTypes] } : {}),
    container: {
      get: (resolverClass: unknown) => {
        const instance = instances.get(resolverClass);
        if (!instance) throw new Error(`No resolver instance registered for ${String(resolverClass)}`);
        return instance;
      },
    },
    ...(options.pubsub ? { pubSub: options.pubsub } : {}),
    // One date scalar across the graph: every `Date` field is `DateTime` (RFC 3339), whatever the subgraph.
    scalarsMap: [{ type: Date, scalar: GraphQLDateTime }],
    validate: { forbidUnknownValues: false },
  });

  // printSchemaWithDirectives keeps the `@key` that type-graphql's `@Directive` put on the AST nodes.
  const typeDefs = parse(`${FEDERATION_LINK}\n${printSchemaWithDirectives(typeGraphqlSchema)}`);
  // type-graphql's map: its field resolvers, enum value maps and scalars, keyed like Apollo's resolver maps.
  const resolvers = createResolversMap(typeGraphqlSchema) as GraphQLResolverMap<SubgraphContext>;
  for (const [typeName, resolveReference] of Object.entries(options.referenceResolvers ?? {})) {
    const typeResolvers = (resolvers[typeName] ?? {}) as Record<string, unknown>;
    resolvers[typeName] = {
      ...typeResolvers,
      __resolveReference: resolveReference,
    } as GraphQLResolverMap<SubgraphContext>[string];
  }
  const subgraphSchema = buildSubgraphSchema([{ typeDefs, resolvers }]);

  const permissions = withFederationRules(options.permissions);
  const guard = shield(permissions, {
    fallbackRule: denyRule,
    allowExternalErrors: true,
    fallbackError: () => forbidden('You are not allowed to read or change this.'),
  });
  return applyMiddleware(
    subgraphSchema,
    edgeArgsMiddleware(subgraphSchema),
    guard,
    ...(options.middlewares ?? []),
    personalDataMiddleware(subgraphSchema),
  );
}

function withFederationRules(permissions: IRules): IRules {
  if (typeof permissions !== 'object' || 'resolve' in permissions) {
    throw new Error('permissions must be a type → field → rule map');
  }
  const map = permissions as Record<string, unknown>;
  const query = (map.Query ?? {}) as Record<string, unknown>;
  return {
    ...permissions,
    Query: { ...query, ...FEDERATION_RULES.Query },
    _Service: FEDERATION_RULES._Service,
  } as IRules;
}
