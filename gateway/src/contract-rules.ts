import { isPersonalDataField } from '@vigil/core';
import {
  Kind,
  parse,
  type ConstDirectiveNode,
  type DocumentNode,
  type FieldDefinitionNode,
  type ObjectTypeDefinitionNode,
  type ObjectTypeExtensionNode,
  type SelectionSetNode,
  type TypeNode,
} from 'graphql';
import { isRootType, typePrefix, type ContractRule, type ContractViolation, type PartnerContract } from './partner-contract.js';

/** What Vigil's own subgraphs define: type name → kind, entity or not, field → named return type. */
interface VigilType {
  readonly kind: string;
  entity: boolean;
  readonly fields: Map<string, string>;
}
export type VigilSchemaIndex = ReadonlyMap<string, VigilType>;

const OBJECT_KINDS: readonly string[] = [Kind.OBJECT_TYPE_DEFINITION, Kind.OBJECT_TYPE_EXTENSION];
const FIELD_KINDS: readonly string[] = [...OBJECT_KINDS, Kind.INTERFACE_TYPE_DEFINITION, Kind.INTERFACE_TYPE_EXTENSION];
/** Directives a partner may put on a Vigil type it extends; everything else would change Vigil's type. */
const ALLOWED_ON_VIGIL_TYPE = ['key', 'extends'];

/** Indexes the SDL of Vigil's own subgraphs. */
export function indexVigilSchema(documents: readonly DocumentNode[]): VigilSchemaIndex {
  const index = new Map<string, VigilType>();
  for (const document of documents) {
    for (const definition of document.definitions) {
      if (!('name' in definition) || !definition.name || definition.kind === Kind.DIRECTIVE_DEFINITION) continue;
      const type = index.get(definition.name.value) ?? { kind: kindOf(definition.kind), entity: false, fields: new Map() };
      index.set(definition.name.value, type);
      if (!FIELD_KINDS.includes(definition.kind)) continue;
      const node = definition as ObjectTypeDefinitionNode;
      if (node.directives?.some((directive) => directive.name.value === 'key')) type.entity = true;
      for (const field of node.fields ?? []) type.fields.set(field.name.value, namedType(field.type));
    }
  }
  return index;
}

/** Every way the partner's SDL breaks its contract; empty when it may be composed. */
export function checkPartnerSubgraph(
  partner: string,
  contract: PartnerContract,
  document: DocumentNode,
  vigil: VigilSchemaIndex,
): ContractViolation[] {
  const violations: ContractViolation[] = [];
  const refuse = (coordinate: string, rule: ContractRule, message: string) =>
    violations.push({ partner, coordinate, rule, message });
  const own = indexVigilSchema([document]);

  for (const definition of document.definitions) {
    if (!('name' in definition) || !definition.name || definition.kind === Kind.DIRECTIVE_DEFINITION) continue;
    const typeName = definition.name.value;
    if (isFederationInternal(typeName)) continue;
    const vigilType = vigil.get(typeName);
    const isObject = OBJECT_KINDS.includes(definition.kind);

    if (isObject && isRootType(typeName)) {
      checkRootFields(definition as ObjectTypeDefinitionNode, contract, vigilType, refuse, partner, vigil, own);
      continue;
    }
    if (!vigilType) {
      if (!typeName.startsWith(typePrefix(contract))) {
        refuse(
          typeName,
          'type-prefix',
          `a partner's own types must be named "${typePrefix(contract)}…" (prefix "${contract.prefix}").`,
        );
      }
      if (isObject) checkOwnFields(definition as ObjectTypeDefinitionNode, partner, refuse, vigil, own);
      continue;
    }
    if (vigilType.kind === 'scalar' && definition.kind === Kind.SCALAR_TYPE_DEFINITION) continue; // sharing DateTime is fine
    if (!isObject || !vigilType.entity || !contract.extends.includes(typeName)) {
      const granted = contract.extends.length > 0 ? contract.extends.join(', ') : 'none';
      refuse(typeName, 'extend-type', `"${typeName}" is Vigil's type and not granted to this partner (granted: ${granted}).`);
      continue;
    }
    checkVigilEntity(definition as ObjectTypeDefinitionNode | ObjectTypeExtensionNode, vigilType, partner, refuse, vigil, own);
  }
  return violations;
}

type Refuse = (coordinate: string, rule: ContractRule, message: string) => void;

function checkRootFields(
  node: ObjectTypeDefinitionNode,
  contract: PartnerContract,
  vigilType: VigilType | undefined,
  refuse: Refuse,
  partner: string,
  vigil: VigilSchemaIndex,
  own: VigilSchemaIndex,
): void {
  const rootType = node.name.value;
  for (const field of node.fields ?? []) {
    if (isFederationInternal(field.name.value)) continue; // _entities, _service: every subgraph has them
    const coordinate = `${rootType}.${field.name.value}`;
    if (vigilType?.fields.has(field.name.value)) {
      refuse(coordinate, 'redefine', `"${coordinate}" is Vigil's root field; a partner may not define or take it over.`);
    } else if (!contract.rootTypes.includes(rootType as (typeof contract.rootTypes)[number])) {
      refuse(
        coordinate,
        'root-field',
        `this partner may add root fields to ${contract.rootTypes.join(', ') || 'no root type'} only.`,
      );
    } else if (!field.name.value.startsWith(contract.prefix)) {
      refuse(coordinate, 'root-field', `a partner's root fields must start with "${contract.prefix}".`);
    }
    checkFieldDirectives(rootType, field, partner, refuse, vigil, own);
  }
}

function checkOwnFields(
  node: ObjectTypeDefinitionNode,
  partner: string,
  refuse: Refuse,
  vigil: VigilSchemaIndex,
  own: VigilSchemaIndex,
) {
  for (const field of node.fields ?? []) checkFieldDirectives(node.name.value, field, partner, refuse, vigil, own);
}

function checkVigilEntity(
  node: ObjectTypeDefinitionNode | ObjectTypeExtensionNode,
  vigilType: VigilType,
  partner: string,
  refuse: Refuse,
  vigil: VigilSchemaIndex,
  own: VigilSchemaIndex,
): void {
  const typeName = node.name.value;
  const keyFields = new Set<string>();
  const keys = (node.directives ?? []).filter((directive) => directive.name.value === 'key');
  if (keys.length === 0) refuse(typeName, 'key-tenant', `declare @key(fields: "id tenantId") on ${typeName} to extend it.`);
  for (const key of keys) {
    const fields = selectionFields(stringArgument(key, 'fields'));
    for (const name of fields) keyFields.add(name);
    if (!fields.includes('tenantId')) {
      refuse(typeName, 'key-tenant', `the @key on ${typeName} must include tenantId, so every representation names its tenant.`);
    }
    for (const name of fields.filter((field) => isPersonalDataField(typeName, field))) {
      refuse(`${typeName}.${name}`, 'key-personal-data', `a @key may not use personal data: the gateway would send it.`);
    }
  }
  for (const directive of node.directives ?? []) {
    if (ALLOWED_ON_VIGIL_TYPE.includes(directive.name.value)) continue;
    const rule = directive.name.value === 'shareable' ? 'shareable' : 'vigil-directive';
    refuse(typeName, rule, `@${directive.name.value} on Vigil's type ${typeName} would change it; only @key is allowed.`);
  }
  for (const field of node.fields ?? []) {
    const coordinate = `${typeName}.${field.name.value}`;
    if (!vigilType.fields.has(field.name.value)) {
      checkFieldDirectives(typeName, field, partner, refuse, vigil, own);
      continue;
    }
    const external = hasDirective(field, 'external');
    if (!external && !keyFields.has(field.name.value)) {
      const rule = hasDirective(field, 'shareable') ? 'shareable' : hasDirective(field, 'override') ? 'override' : 'redefine';
      refuse(coordinate, rule, `"${coordinate}" is Vigil's field; a partner may only reference it (@key or @external).`);
      continue;
    }
    for (const directive of field.directives ?? []) {
      if (directive.name.value === 'external') continue;
      const rule = ['override', 'shareable'].includes(directive.name.value)
        ? (directive.name.value as ContractRule)
        : 'vigil-directive';
      refuse(coordinate, rule, `@${directive.name.value} on Vigil's field ${coordinate} is not allowed.`);
    }
  }
}

/** @override, @requires and @provides on a field the partner defines itself. */
function checkFieldDirectives(
  typeName: string,
  field: FieldDefinitionNode,
  partner: string,
  refuse: Refuse,
  vigil: VigilSchemaIndex,
  own: VigilSchemaIndex,
): void {
  const coordinate = `${typeName}.${field.name.value}`;
  for (const directive of field.directives ?? []) {
    const name = directive.name.value;
    if (name === 'override' && stringArgument(directive, 'from') !== partner) {
      refuse(coordinate, 'override', `@override(from: "${stringArgument(directive, 'from')}") takes a field it does not own.`);
    }
    if (name === 'requires' || name === 'provides') {
      const onType = name === 'requires' ? typeName : namedType(field.type);
      const rule = name === 'requires' ? 'requires-personal-data' : 'provides-personal-data';
      for (const reached of personalDataReached(onType, stringArgument(directive, 'fields'), vigil, own)) {
        refuse(coordinate, rule, `@${name} reaches personal data ${reached}: the gateway would send it to the partner.`);
      }
    }
  }
}

/** `Type.field` coordinates of personal data a field set selects, at any depth. */
function personalDataReached(typeName: string, fieldSet: string, vigil: VigilSchemaIndex, own: VigilSchemaIndex): string[] {
  const reached: string[] = [];
  const walk = (onType: string, selectionSet: SelectionSetNode) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.typeCondition?.name.value ?? onType, selection.selectionSet);
      } else if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (isPersonalDataField(onType, name)) reached.push(`${onType}.${name}`);
        const next = vigil.get(onType)?.fields.get(name) ?? own.get(onType)?.fields.get(name);
        if (selection.selectionSet && next) walk(next, selection.selectionSet);
      }
    }
  };
  const parsed = parseFieldSet(fieldSet);
  if (parsed) walk(typeName, parsed);
  return reached;
}

function selectionFields(fieldSet: string): string[] {
  const parsed = parseFieldSet(fieldSet);
  return parsed ? parsed.selections.flatMap((selection) => (selection.kind === Kind.FIELD ? [selection.name.value] : [])) : [];
}

function parseFieldSet(fieldSet: string): SelectionSetNode | undefined {
  try {
    const operation = parse(`{ ${fieldSet} }`).definitions[0];
    return operation?.kind === Kind.OPERATION_DEFINITION ? operation.selectionSet : undefined;
  } catch {
    return undefined; // composition itself reports a field set that does not parse
  }
}

function stringArgument(directive: ConstDirectiveNode, name: string): string {
  const argument = directive.arguments?.find((candidate) => candidate.name.value === name);
  return argument?.value.kind === Kind.STRING ? argument.value.value : '';
}

function hasDirective(field: FieldDefinitionNode, name: string): boolean {
  return field.directives?.some((directive) => directive.name.value === name) ?? false;
}

function namedType(type: TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type);
}

/** What @apollo/subgraph adds to every subgraph's SDL (`_Service`, `_entities`, `link__Purpose`, `federation__Scope`…). */
function isFederationInternal(name: string): boolean {
  return name.startsWith('_') || /^(link|federation|join)__/.test(name);
}

function kindOf(kind: string): string {
  if (kind === Kind.SCALAR_TYPE_DEFINITION || kind === Kind.SCALAR_TYPE_EXTENSION) return 'scalar';
  return kind.replace(/_(DEFINITION|EXTENSION)$/, '').toLowerCase();
}
