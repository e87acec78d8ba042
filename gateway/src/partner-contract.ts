/**
 * What a partner's subgraph may contribute to Vigil's supergraph, from its entry in the supergraph config:
 *
 *   { "name": "partner-crm", "url": "…", "partner": { "prefix": "crm", "extends": ["Account"], "rootTypes": ["Query"] } }
 *
 * - `prefix`: its own root fields start with it (`crmAccounts`), its own types with it capitalised (`CrmNote`).
 * - `extends`: Vigil entity types it may add new fields to. Its `@key` there must include `tenantId`, so every
 *   representation the gateway sends it names the tenant.
 * - `rootTypes`: which of Query, Mutation, Subscription it may add (prefixed) root fields to. Default Query.
 *
 * Everything else is refused at composition (contract-rules.ts): overriding, redefining or sharing Vigil's fields,
 * `@key`/`@requires`/`@provides` reaching personal data, root fields outside the allowance, types not granted.
 */
export interface PartnerContract {
  readonly prefix: string;
  readonly extends: readonly string[];
  readonly rootTypes: readonly RootTypeName[];
}

export const ROOT_TYPES = ['Query', 'Mutation', 'Subscription'] as const;
export type RootTypeName = (typeof ROOT_TYPES)[number];

const PREFIX = /^[a-z][a-zA-Z0-9]{1,30}$/;
const TYPE_NAME = /^[A-Z][A-Za-z0-9]{0,63}$/;

/** Parses a config entry's `partner` member; throws a message naming what is wrong. */
export function parsePartnerContract(value: unknown, where: string): PartnerContract {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`${where}: "partner" must be an object like { "prefix": "crm", "extends": ["Account"] }.`);
  }
  const { prefix, extends: granted, rootTypes } = value as Record<string, unknown>;
  if (typeof prefix !== 'string' || !PREFIX.test(prefix)) {
    throw new Error(`${where}: partner.prefix must be a lower-camel word of 2–31 letters and digits, e.g. "crm".`);
  }
  if (
    granted !== undefined &&
    (!Array.isArray(granted) || !granted.every((name) => typeof name === 'string' && TYPE_NAME.test(name)))
  ) {
    throw new Error(`${where}: partner.extends must list Vigil entity type names, e.g. ["Account", "Alert"].`);
  }
  if (rootTypes !== undefined && (!Array.isArray(rootTypes) || !rootTypes.every(isRootType))) {
    throw new Error(`${where}: partner.rootTypes must list some of ${ROOT_TYPES.join(', ')}.`);
  }
  return {
    prefix,
    extends: [...new Set((granted as string[] | undefined) ?? [])],
    rootTypes: [...new Set<RootTypeName>((rootTypes as RootTypeName[] | undefined) ?? ['Query'])],
  };
}

/** `crm` → `Crm`: the prefix a partner's own type names start with. */
export function typePrefix(contract: PartnerContract): string {
  return contract.prefix[0]!.toUpperCase() + contract.prefix.slice(1);
}

export function isRootType(value: unknown): value is RootTypeName {
  return typeof value === 'string' && (ROOT_TYPES as readonly string[]).includes(value);
}

/** One refusal: which partner, which field (or type), which rule, and what to do. */
export interface ContractViolation {
  readonly partner: string;
  /** `Type.field`, or `Type` for type-level rules. */
  readonly coordinate: string;
  readonly rule: ContractRule;
  readonly message: string;
}

export type ContractRule =
  | 'override'
  | 'redefine'
  | 'shareable'
  | 'vigil-directive'
  | 'requires-personal-data'
  | 'provides-personal-data'
  | 'key-personal-data'
  | 'key-tenant'
  | 'root-field'
  | 'extend-type'
  | 'type-prefix';

export function describeViolation(violation: ContractViolation): string {
  return `partner "${violation.partner}", ${violation.coordinate}, rule ${violation.rule}: ${violation.message}`;
}
