import { callSubgraph, type GatewaySigningKey, type Identity } from '@vigil/core';
import type { Channel } from '../domain/notifications/channel-policy.js';
import type { AlertRecipient, RecipientDirectory } from '../application/ports.js';

const QUERY = `query($r: [_Any!]!, $tenant: ID!) {
  tenant(id: $tenant) { name }
  _entities(representations: $r) { ... on Account { id tenantId contactChannels { type address verified alertsOptedOut } } }
}`;

interface DirectoryData {
  tenant: { name: string } | null;
  _entities: ({
    id: string;
    tenantId: string;
    contactChannels: { type: string; address: string; verified: boolean; alertsOptedOut: boolean }[];
  } | null)[];
}

/** Accounts looked up per call: a job batch's customers of one tenant fit in one (ADR 116). */
const ACCOUNTS_PER_CALL = 50;

/** WEB inbox ids have no sending adapter here: the client's app reads alerts over GraphQL. */
const SENDABLE: ReadonlySet<string> = new Set<Channel>(['EMAIL', 'SMS', 'VOICE', 'PUSH']);

/**
 * Reads an account's verified contact channels from the accounts subgraph over HTTP, the way the gateway
 * would call it: a request signed with the gateway's key (GATEWAY_SIGNING_KEY, which this Vigil service is given)
 * for a short-lived service identity scoped
 * to the alert's tenant (SUPERVISOR, so that addresses come unmasked); one call for the customers of one tenant in a
 * batch of alerts. Nothing is cached: opt-outs apply from the next batch on.
 */
export class AccountsRecipientDirectory implements RecipientDirectory {
  constructor(
    private readonly accountsUrl: string,
    private readonly signingKey: GatewaySigningKey | undefined,
  ) {}

  async recipientsFor(tenantId: string, accountIds: readonly string[]): Promise<ReadonlyMap<string, AlertRecipient>> {
    const recipients = new Map<string, AlertRecipient>();
    const unique = [...new Set(accountIds)];
    for (let from = 0; from < unique.length; from += ACCOUNTS_PER_CALL) {
      for (const [accountId, recipient] of await this.lookUp(tenantId, unique.slice(from, from + ACCOUNTS_PER_CALL)))
        recipients.set(accountId, recipient);
    }
    return recipients;
  }

  private async lookUp(tenantId: string, accountIds: readonly string[]): Promise<Map<string, AlertRecipient>> {
    const identity: Identity = {
      subject: 'svc-alerts-notifier',
      roles: ['SUPERVISOR'],
      tenantIds: [tenantId],
      expiresAt: Math.floor(Date.now() / 1000) + 60,
    };
    const json = await callSubgraph<DirectoryData>(
      this.accountsUrl,
      {
        query: QUERY,
        variables: { r: accountIds.map((id) => ({ __typename: 'Account', id })), tenant: tenantId },
      },
      { identity, signingKey: this.signingKey, audience: 'accounts', timeoutMs: 5_000 },
    );
    if (json.status !== 200) throw new Error(`accounts answered HTTP ${json.status} for the recipient lookup`);
    if (json.errors?.length)
      throw new Error(`accounts refused the recipient lookup: ${json.errors[0]?.message ?? 'unknown error'}`);
    const brand = json.data?.tenant?.name ?? tenantId;
    const recipients = new Map<string, AlertRecipient>();
    for (const account of json.data?._entities ?? []) {
      // Only the tenant's own accounts: the identity is scoped to it, and this checks the answer too.
      if (!account || account.tenantId !== tenantId || !accountIds.includes(account.id)) continue;
      recipients.set(account.id, {
        brand,
        channels: account.contactChannels
          .filter((channel) => channel.verified && SENDABLE.has(channel.type))
          .map((channel) => ({ channel: channel.type as Channel, address: channel.address, optedOut: channel.alertsOptedOut })),
      });
    }
    return recipients;
  }
}
