import { DEMO_SEED } from '@vigil/accounts';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLInputType,
} from 'graphql';
import type { ArgumentValues } from './schema-walk.js';

const { tenants, accounts, agents } = DEMO_SEED;

/** Ids of what the walk seeded; filled before the walk plans its operations. */
export interface WalkIds {
  alert: string;
  case: string;
  event: string;
}

/** Argument values for the walk over the seeded `ids`: all it can fill for queries, only the required for subscriptions. */
export function walkArguments(ids: WalkIds): { argumentValues: ArgumentValues; requiredOnly: ArgumentValues } {
  /** Values for arguments, by name (and, for `id`, by what the field returns). */
  const argumentValues: ArgumentValues = (argument, field) => {
    const literal = (type: GraphQLInputType, name: string): string | undefined => {
      const named = getNamedType(type);
      if (isListType(isNonNullType(type) ? type.ofType : type)) {
        const item = literal(named, name);
        return item === undefined ? undefined : `[${item}]`;
      }
      if (isInputObjectType(named)) {
        const parts: string[] = [];
        for (const inner of Object.values(named.getFields())) {
          const value = literal(inner.type, inner.name);
          if (value !== undefined) parts.push(`${inner.name}: ${value}`);
          else if (isNonNullType(inner.type)) return undefined;
        }
        return `{ ${parts.join(', ')} }`;
      }
      if (isEnumType(named) || !isScalarType(named)) return undefined;
      const day = 24 * 60 * 60 * 1000;
      const byName: Record<string, string> = {
        tenantId: tenants.demo,
        accountId: accounts.jordan,
        alertId: ids.alert,
        caseId: ids.case,
      };
      if (named.name.includes('Date')) {
        if (name === 'from' || name === 'since') return JSON.stringify(new Date(Date.now() - 30 * day).toISOString());
        if (name === 'to' || name === 'until') return JSON.stringify(new Date(Date.now() + day).toISOString());
        return undefined;
      }
      if (name === 'first') return '5';
      if (name === 'id') {
        const returned = getNamedType(field.type).name;
        const byType: Record<string, string> = {
          Account: accounts.jordan,
          Alert: ids.alert,
          RecoveryCase: ids.case,
          Agent: agents.admin,
          Tenant: tenants.demo,
          ActivityEvent: ids.event,
        };
        return byType[returned] === undefined ? undefined : JSON.stringify(byType[returned]);
      }
      return byName[name] === undefined ? undefined : JSON.stringify(byName[name]);
    };
    return literal(argument.type, argument.name);
  };

  /** Subscriptions get only their required arguments: an optional filter (e.g. on jordan) would hide other events. */
  const requiredOnly: ArgumentValues = (argument, field, parent) =>
    isNonNullType(argument.type) ? argumentValues(argument, field, parent) : undefined;
  return { argumentValues, requiredOnly };
}
