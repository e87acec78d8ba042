import { describe, expect, it } from 'vitest';
import { composeSupergraphFromSdl, parsePartnerContract, SupergraphCompositionError, type SubgraphSdl } from '../src/index.js';
import { memoryLogger } from './fixtures/silent-logger.js';

// Composition of a partner's SDL next to Vigil's, without servers: each forbidden shape is refused by the partner
// contract with the partner, the field and the rule named.

const LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7",
  import: ["@key", "@external", "@requires", "@provides", "@shareable", "@override", "@inaccessible"])`;

const ACCOUNTS = `${LINK}
  "A customer's account at a tenant."
  type Account @key(fields: "id") { id: ID! tenantId: String! status: String! displayName: String! email: String! phone: String }
  type Query { account(id: ID!): Account accounts: [Account!]! }`;
const ALERTS = `${LINK}
  type Account @key(fields: "id") { id: ID! openAlertCount: Int! }
  type Alert @key(fields: "id") { id: ID! tenantId: String! severity: String! account: Account! }
  type Query { alerts: [Alert!]! }`;

const CONTRACT = parsePartnerContract({ prefix: 'crm', extends: ['Account'] }, 'test');
const ENTITY = 'type Account @key(fields: "id tenantId") { id: ID! tenantId: String! @external';

function compose(partnerSdl: string, contract = CONTRACT, logger = memoryLogger()): string {
  const sdls: SubgraphSdl[] = [
    { subgraph: { name: 'accounts', url: 'http://accounts/graphql' }, sdl: ACCOUNTS },
    { subgraph: { name: 'alerts', url: 'http://alerts/graphql' }, sdl: ALERTS },
    { subgraph: { name: 'partner-crm', url: 'http://crm/graphql', partner: contract }, sdl: `${LINK}\n${partnerSdl}` },
  ];
  return composeSupergraphFromSdl(sdls, logger);
}

function refusal(partnerSdl: string, contract = CONTRACT): string {
  try {
    compose(partnerSdl, contract);
  } catch (error) {
    expect(error).toBeInstanceOf(SupergraphCompositionError);
    return (error as Error).message;
  }
  throw new Error('composition was expected to refuse this partner SDL');
}

describe('partner contract at composition', () => {
  it('composes what the contract allows: new fields on a granted entity keyed with its tenant, prefixed types and root fields', () => {
    const supergraph = compose(`${ENTITY} crmTier: String crmNotes: [CrmNote!]! }
      type CrmNote { text: String! }
      type Query { crmAccounts: [Account!]! }`);
    expect(supergraph).toMatch(/crmTier: String @join__field\(graph: PARTNER_CRM\)/);
    expect(supergraph).toMatch(/@join__type\(graph: PARTNER_CRM, key: "id tenantId"\)/);
  });

  const forbidden: Array<[string, string, RegExp]> = [
    [
      '@override of a Vigil field',
      `${ENTITY} email: String! @override(from: "accounts") }`,
      /partner "partner-crm", Account\.email, rule override/,
    ],
    [
      'taking over a Vigil root field',
      `${ENTITY} } type Query { account(id: ID!): Account @override(from: "accounts") }`,
      /partner "partner-crm", Query\.account, rule redefine[\s\S]*Query\.account, rule override/,
    ],
    ['redefining a Vigil field', `${ENTITY} displayName: String! }`, /Account\.displayName, rule redefine/],
    ['sharing a Vigil field', `${ENTITY} status: String! @shareable }`, /Account\.status, rule shareable/],
    [
      '@requires reaching personal data',
      `${ENTITY} email: String! @external phone: String @external crmScore: Int @requires(fields: "email phone") }`,
      /Account\.crmScore, rule requires-personal-data: @requires reaches personal data Account\.email[\s\S]*Account\.phone/,
    ],
    [
      '@provides reaching personal data',
      `${ENTITY} email: String! @external } type Query { crmTopAccount: Account @provides(fields: "email") }`,
      /Query\.crmTopAccount, rule provides-personal-data/,
    ],
    [
      'a @key using personal data',
      `type Account @key(fields: "id tenantId email") { id: ID! tenantId: String! @external email: String! @external crmX: Int }`,
      /Account\.email, rule key-personal-data/,
    ],
    ['a @key without the tenant', `type Account @key(fields: "id") { id: ID! crmX: Int }`, /Account, rule key-tenant/],
    ['a root field without the prefix', `type Query { topAccounts: [String!]! }`, /Query\.topAccounts, rule root-field/],
    [
      'a root field on a root type not granted',
      `type Mutation { crmSync: Boolean }`,
      /Mutation\.crmSync, rule root-field: .*Query only/,
    ],
    [
      'extending a Vigil type not granted',
      `type Alert @key(fields: "id tenantId") { id: ID! tenantId: String! @external crmCase: String }`,
      /Alert, rule extend-type: "Alert" is Vigil's type and not granted to this partner \(granted: Account\)/,
    ],
    [
      'a type of its own without the prefix',
      `type Note { text: String! } type Query { crmNote: Note }`,
      /Note, rule type-prefix/,
    ],
    [
      'hiding a Vigil field',
      `type Account @key(fields: "id tenantId") { id: ID! @inaccessible tenantId: String! @external crmX: Int }`,
      /Account\.id, rule vigil-directive/,
    ],
  ];

  it.each(forbidden)('refuses %s, naming partner, field and rule', (_shape, sdl, expected) => {
    const message = refusal(sdl);
    expect(message).toMatch(/Partner subgraph refused by its contract/);
    expect(message).toMatch(expected);
  });

  it('lets a contract grant more (Alert, Mutation) and then composes those shapes', () => {
    const wider = parsePartnerContract(
      { prefix: 'crm', extends: ['Account', 'Alert'], rootTypes: ['Query', 'Mutation'] },
      'test',
    );
    const supergraph = compose(
      `type Alert @key(fields: "id tenantId") { id: ID! tenantId: String! @external crmCase: String }
       type Mutation { crmSync: Boolean }`,
      wider,
    );
    expect(supergraph).toMatch(/crmCase: String @join__field\(graph: PARTNER_CRM\)/);
  });

  it('logs composition hints instead of dropping them', () => {
    const logger = memoryLogger();
    // Another description of Account than Vigil's: composes, with an INCONSISTENT_DESCRIPTION hint.
    compose(`"An account as the CRM sees it." ${ENTITY} crmX: Int }`, CONTRACT, logger);
    const hints = logger.lines.filter((line) => line.message === 'supergraph composition hint');
    expect(hints.map((line) => (line.details as { code: string }).code)).toContain('INCONSISTENT_DESCRIPTION');
  });

  it('rejects a malformed contract in the supergraph config', () => {
    expect(() => parsePartnerContract({ prefix: 'x', extends: ['Account'] }, 'cfg')).toThrow(/partner\.prefix/);
    expect(() => parsePartnerContract({ prefix: 'crm', rootTypes: ['Query', 'Everything'] }, 'cfg')).toThrow(/rootTypes/);
  });
});
