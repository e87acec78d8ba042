import type { GraphQLResolveInfo } from 'graphql';
import type { IMiddlewareTypeMap } from 'graphql-middleware';
import { hasRole, type Role } from '../auth/identity.js';
import type { SubgraphContext } from './context.js';

/** `jordan.rivera@example.com` → `j***@example.com`: the domain helps an agent confirm, the name stays private. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${email[0]}***${email.slice(at)}`;
}

/** `+15555550123` → `+1******0123`: country code and last four digits, as agents read them back to callers. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/[^\d]/g, '');
  if (digits.length <= 4) return '*'.repeat(digits.length);
  const country = phone.startsWith('+') ? `+${digits[0]}` : '';
  const hidden = digits.length - 4 - (country ? 1 : 0);
  return `${country}${'*'.repeat(hidden)}${digits.slice(-4)}`;
}

export interface FieldMask {
  /** Roles that read the value whole; everyone else the masked form. */
  readonly unmaskedFor: readonly Role[];
  readonly mask: (value: string) => string;
}

/** `{ Account: { email: { unmaskedFor: ['ADMIN', 'SUPERVISOR'], mask: maskEmail } } }` */
export type FieldMasks = Readonly<Record<string, Readonly<Record<string, FieldMask>>>>;

/**
 * A graphql-middleware map that masks string fields (and lists of strings) for roles not listed in
 * `unmaskedFor`. It runs after shield: shield decides whether a field may be read at all, the mask
 * decides how much of it.
 */
export function maskingMiddleware(masks: FieldMasks): IMiddlewareTypeMap {
  const middleware: Record<string, Record<string, FieldMiddleware>> = {};
  for (const [typeName, fields] of Object.entries(masks)) {
    middleware[typeName] = {};
    for (const [fieldName, fieldMask] of Object.entries(fields)) {
      middleware[typeName][fieldName] = async (
        resolve: Resolve,
        parent: unknown,
        args: Record<string, unknown>,
        context: SubgraphContext,
        info: GraphQLResolveInfo,
      ) => {
        const value: unknown = await resolve(parent, args, context, info);
        if (hasRole(context.identity, ...fieldMask.unmaskedFor)) return value;
        return applyMask(value, fieldMask.mask);
      };
    }
  }
  return middleware;
}

type Resolve = (parent: unknown, args: Record<string, unknown>, context: SubgraphContext, info: GraphQLResolveInfo) => unknown;
type FieldMiddleware = (
  resolve: Resolve,
  parent: unknown,
  args: Record<string, unknown>,
  context: SubgraphContext,
  info: GraphQLResolveInfo,
) => Promise<unknown>;

function applyMask(value: unknown, mask: (value: string) => string): unknown {
  if (typeof value === 'string') return mask(value);
  if (Array.isArray(value)) return value.map((item) => applyMask(item, mask));
  return value;
}
