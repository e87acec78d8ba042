import { createHash } from 'node:crypto';
import { canonicalJson, type Identity } from '@vigil/core';
import { print, type DocumentNode } from 'graphql';

/**
 * Who may share one upstream subscription (GATEWAY_SHARED_SUBSCRIPTIONS, ADR 100):
 * - `off`: nobody; every operation runs on its own (the default of createGateway).
 * - `caller`: operations of the same subject (several walls or tabs of one agent) with the same roles and tenants.
 * - `roles-and-tenants`: operations of callers with the same roles and the same tenants, whoever they are. Only for
 *   subgraphs whose subscription results do not depend on the subject: the upstream runs as SHARED_SUBJECT.
 */
export const SHARING_SCOPES = ['off', 'caller', 'roles-and-tenants'] as const;
export type SharingScope = (typeof SHARING_SCOPES)[number];

/** The subject a `roles-and-tenants` group runs as upstream: no agent has it, so a field keyed on it finds nothing. */
export const SHARED_SUBJECT = 'vigil-gateway:shared-subscription';

/**
 * Members of a group have token expiries within the same window of this many seconds; the group runs upstream with
 * the window's end as its expiry, so it never outlives its members by more than this (each member is still
 * closed at its own expiry by the gateway) and never needs a new upstream while members remain.
 */
export const EXPIRY_WINDOW_SECONDS = 300;

export interface SharedOperation {
  readonly document: DocumentNode;
  readonly operationName?: string | null;
  readonly variableValues?: Record<string, unknown> | null;
}

const printed = new WeakMap<DocumentNode, string>();

/** The group key: a digest of everything the result may depend on. Never undefined for a sharing scope. */
export function subscriptionKey(scope: Exclude<SharingScope, 'off'>, operation: SharedOperation, identity: Identity): string {
  let document = printed.get(operation.document);
  if (document === undefined) {
    document = print(operation.document);
    printed.set(operation.document, document);
  }
  const upstream = upstreamIdentity(scope, identity);
  const parts = canonicalJson({
    document,
    operationName: operation.operationName ?? null,
    variables: operation.variableValues ?? {},
    subject: upstream.subject,
    roles: upstream.roles,
    tenants: upstream.tenantIds,
    expiresAt: upstream.expiresAt,
  });
  return createHash('sha256').update(parts).digest('base64url');
}

/**
 * The identity a group runs as upstream: the members' roles and tenants (sorted, so order never splits a group),
 * the caller's subject only in `caller` scope, and the end of the members' expiry window.
 */
export function upstreamIdentity(scope: Exclude<SharingScope, 'off'>, identity: Identity): Identity {
  return {
    subject: scope === 'caller' ? identity.subject : SHARED_SUBJECT,
    roles: [...new Set(identity.roles)].sort(),
    tenantIds: [...new Set(identity.tenantIds)].sort(),
    expiresAt: Math.ceil(identity.expiresAt / EXPIRY_WINDOW_SECONDS) * EXPIRY_WINDOW_SECONDS,
  };
}
