import { generateGatewaySigningKey, callSubgraph, type Identity } from '@vigil/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityOf } from '../identity.js';
import type { TestSubgraph } from '../test-subgraph.js';
import { rootFieldProbes } from './root-field-probes.js';
import { unsignedWsOperation } from './unsigned-ws.js';

/** An entity of one tenant, to ask for through `_entities` as a caller of another. */
export interface ForeignEntity {
  /** `{ __typename, id }` (plus any other key fields). */
  readonly representation: { readonly __typename: string } & Readonly<Record<string, unknown>>;
  /** Fields to select on it, e.g. `id displayName email`. */
  readonly selection: string;
  /** A caller of the owning tenant who may read it (the positive control). */
  readonly owner: Identity;
  /** The same roles in another tenant: must get null or a stub, never the entity's data. */
  readonly outsider: Identity;
}

/** A read that returns personal data, and the raw values that an AGENT must never receive. */
export interface PersonalDataProbe {
  readonly query: string;
  readonly variables?: Record<string, unknown>;
  /** The personal values as stored, e.g. the full email address. */
  readonly rawValues: readonly string[];
  /** A role the policy shows them to whole (the positive control). */
  readonly privileged: Identity;
  /** Default: an AGENT of the demo tenant. */
  readonly agent?: Identity;
}

export interface SubgraphContractOptions {
  /** The subgraph's name (the audience of every signature). */
  readonly name: string;
  /** Starts the subgraph under test (typically `startTestSubgraph({...})`); stopped after the suite. */
  readonly start: () => Promise<TestSubgraph>;
  /** Seeds (if needed) and names an entity of one tenant for the `_entities` scoping check. */
  readonly foreignEntity: (subgraph: TestSubgraph) => Promise<ForeignEntity>;
  /** Seeds (if needed) and names a read whose personal fields an AGENT sees masked. */
  readonly personalData: (subgraph: TestSubgraph) => Promise<PersonalDataProbe>;
  /**
   * Root fields deliberately open to every signed caller (e.g. public signing keys). They are left out of the
   * deny-by-default walk; each must exist. Keep this list short and say why in the subgraph's contract file.
   */
  readonly openRootFields?: readonly string[];
}

const NO_GRANTS = identityOf([], ['demo'], 'contract-no-roles');
type Json = Record<string, unknown>;

/** Every string leaf of a JSON value (the data a caller would see). */
function stringsIn(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (typeof value === 'string') into.add(value);
  else if (Array.isArray(value)) value.forEach((item) => stringsIn(item, into));
  else if (value && typeof value === 'object') Object.values(value).forEach((item) => stringsIn(item, into));
  return into;
}

/**
 * The rules every Vigil subgraph keeps, checked against the real subgraph over HTTP and graphql-ws: only the
 * gateway's signature gets in, deny by default, `_service` answers the gateway, `_entities` stays in the caller's
 * tenant, and personal data is masked for the floor. Call once at the top level of `test/contract.test.ts`.
 */
export function runSubgraphContract(options: SubgraphContractOptions): void {
  describe(`${options.name} subgraph contract`, () => {
    let subgraph: TestSubgraph;
    beforeAll(async () => {
      subgraph = await options.start();
    }, 120_000);
    afterAll(async () => {
      await subgraph?.stop();
    });

    describe('only the gateway gets in', () => {
      const expectRefused = (answer: {
        status: number;
        data?: unknown;
        errors?: readonly { extensions?: { code?: string } }[];
      }) => {
        expect(answer.status).toBe(401);
        expect(answer.data ?? null).toBeNull();
        expect(answer.errors?.map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED']);
      };

      it('answers 401 to an unsigned HTTP call', async () => {
        expectRefused(await subgraph.call(undefined, '{ __typename }'));
      });

      it('answers 401 to a call signed with a key that is not the gateway’s', async () => {
        const intruder = generateGatewaySigningKey('contract-intruder');
        const identity = identityOf(['ADMIN']);
        expectRefused(
          await callSubgraph(
            subgraph.url,
            { query: '{ __typename }' },
            { identity, signingKey: intruder, audience: options.name },
          ),
        );
      });

      it('answers 401 to a call the gateway signed for another subgraph', async () => {
        const identity = identityOf(['ADMIN']);
        const signingKey = subgraph.config.GATEWAY_SIGNING_KEY;
        expectRefused(
          await callSubgraph(
            subgraph.url,
            { query: '{ __typename }' },
            { identity, signingKey, audience: `not-${options.name}` },
          ),
        );
      });

      it('refuses an unsigned graphql-ws operation with UNAUTHENTICATED', async () => {
        const answer = await unsignedWsOperation(subgraph.wsUrl, '{ __typename }');
        expect(answer.data ?? null).toBeNull();
        expect(answer.codes).toEqual(['UNAUTHENTICATED']);
      });
    });

    it('answers _service { sdl } to the gateway', async () => {
      const { data, errors } = await subgraph.call<{ _service: { sdl: string } }>(NO_GRANTS, '{ _service { sdl } }');
      expect(errors).toBeUndefined();
      expect(data?._service.sdl).toMatch(/@link\(url: "https:\/\/specs\.apollo\.dev\/federation\/v2/);
      expect(data?._service.sdl).toMatch(/type Query\b/);
    });

    it('denies every root field to a signed caller without grants (FORBIDDEN, no data)', async () => {
      const { data } = await subgraph.call<{ _service: { sdl: string } }>(NO_GRANTS, '{ _service { sdl } }');
      const probes = rootFieldProbes(data!._service.sdl);
      const open = new Set(options.openRootFields ?? []);
      for (const name of open) expect(probes.map((probe) => probe.fieldName)).toContain(name);
      const walked = probes.filter((probe) => !open.has(probe.fieldName));
      expect(walked.length).toBeGreaterThan(0);
      const answers: Record<string, unknown> = {};
      for (const probe of walked) {
        const answer = await subgraph.call<Json>(NO_GRANTS, probe.query, probe.variables);
        answers[probe.label] = {
          value: answer.data?.[probe.fieldName] ?? null,
          codes: (answer.errors ?? []).map((error) => error.extensions?.code),
        };
      }
      const expected = Object.fromEntries(walked.map((probe) => [probe.label, { value: null, codes: ['FORBIDDEN'] }]));
      expect(answers).toEqual(expected);
    });

    it('resolves no entity of another tenant through _entities', async () => {
      const entity = await options.foreignEntity(subgraph);
      const { __typename: typename } = entity.representation;
      const query = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on ${typename} { ${entity.selection} } } }`;
      const owned = await subgraph.call<{ _entities: (Json | null)[] }>(entity.owner, query, { r: [entity.representation] });
      expect(owned.errors).toBeUndefined();
      const ownersView = owned.data?._entities[0];
      expect(ownersView).toBeTruthy();
      const keyValues = new Set(Object.values(entity.representation).filter((value) => typeof value === 'string'));
      const data = [...stringsIn(ownersView)].filter((value) => !keyValues.has(value));
      expect(data.length).toBeGreaterThan(0);

      const foreign = await subgraph.call<{ _entities: (Json | null)[] }>(entity.outsider, query, { r: [entity.representation] });
      const outsidersView = foreign.data?._entities?.[0] ?? null;
      const leaked = data.filter((value) => stringsIn(outsidersView).has(value));
      expect(leaked).toEqual([]);
    });

    it('masks personal data for an AGENT and shows it to a privileged role', async () => {
      const probe = await options.personalData(subgraph);
      expect(probe.rawValues.length).toBeGreaterThan(0);
      const whole = await subgraph.call(probe.privileged, probe.query, probe.variables);
      expect(whole.errors).toBeUndefined();
      const seenWhole = stringsIn(whole.data);
      expect(probe.rawValues.filter((value) => !seenWhole.has(value))).toEqual([]);

      const agent = await subgraph.call(probe.agent ?? identityOf(['AGENT']), probe.query, probe.variables);
      expect(agent.errors).toBeUndefined();
      expect(agent.data).toBeTruthy();
      const text = JSON.stringify(agent.data);
      expect(probe.rawValues.filter((value) => text.includes(value))).toEqual([]);
    });
  });
}
