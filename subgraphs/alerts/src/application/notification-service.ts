import { randomBytes, randomUUID } from 'node:crypto';
import {
  assertHostAllowed,
  requireTenantAccess,
  NO_OUTBOUND_ALLOWANCE,
  OutboundAddressError,
  type Identity,
  type OutboundAllowance,
} from '@vigil/core';
import { invalidInput, missing } from '@vigil/core/domain';
import type { NotificationDeliveryRecord } from '../adapters/mongo/notification-delivery.model.js';
import type { WebhookEndpointRecord } from '../adapters/mongo/webhook-endpoint.model.js';
import type { DeliveryPageQuery, DeliveryReads, WebhookEndpoints } from './ports.js';
import type { NotificationOutbox } from './notifications/outbox.js';

const MAX_WEBHOOKS_PER_TENANT = 10;

/** Delivery status reads, test alerts and webhook endpoints, scoped to the caller's tenants. */
export class NotificationService {
  constructor(
    private readonly deliveries: DeliveryReads,
    private readonly webhooks: WebhookEndpoints,
    private readonly outbox: NotificationOutbox,
    private readonly production: boolean,
    /** Loopback / private / link-local destinations allowed anyway (OUTBOUND_ALLOWED_NETWORKS); default none. */
    private readonly outboundAllowance: OutboundAllowance = NO_OUTBOUND_ALLOWANCE,
  ) {}

  async deliveriesFor(identity: Identity, filter: DeliveryPageQuery): Promise<NotificationDeliveryRecord[]> {
    requireTenantAccess(identity, filter.tenantId);
    return this.deliveries.page(filter);
  }

  /** Deliveries of many alerts in one query (DataLoader batch). */
  async byAlertIds(identity: Identity, alertIds: readonly string[]): Promise<NotificationDeliveryRecord[][]> {
    const records = await this.deliveries.ofAlerts(alertIds, identity.tenantIds);
    return alertIds.map((alertId) => records.filter((record) => record.alertId === alertId));
  }

  async sendTest(identity: Identity, tenantId: string, accountId?: string): Promise<NotificationDeliveryRecord[]> {
    requireTenantAccess(identity, tenantId);
    const rows = await this.outbox.enqueueTest(tenantId, accountId, identity.subject);
    if (rows.length === 0) {
      throw invalidInput(
        'Nothing to test: register a webhook for the tenant, or name an account with verified contact channels.',
      );
    }
    return rows;
  }

  async registerWebhook(
    identity: Identity,
    tenantId: string,
    url: string,
  ): Promise<{ endpoint: WebhookEndpointRecord; secret: string }> {
    requireTenantAccess(identity, tenantId);
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw invalidInput('url must be an absolute http(s) URL.', { url: 'absolute URL' });
    }
    const allowed = this.production ? ['https:'] : ['https:', 'http:'];
    if (!allowed.includes(parsed.protocol))
      throw invalidInput(`url must use ${allowed.join(' or ')}.`, { url: allowed.join(', ') });
    if (parsed.username || parsed.password)
      throw invalidInput('url must not carry credentials; the signature authenticates us.', { url: 'no credentials' });
    await this.assertReachableFromOutside(parsed.hostname);
    const count = await this.webhooks.countActive(tenantId);
    if (count >= MAX_WEBHOOKS_PER_TENANT)
      throw invalidInput(`A tenant has at most ${MAX_WEBHOOKS_PER_TENANT} active webhooks; deactivate one first.`);
    const secret = randomBytes(32).toString('base64url');
    const endpoint: WebhookEndpointRecord = {
      _id: randomUUID(),
      tenantId,
      url: parsed.toString(),
      secret,
      active: true,
      createdAt: new Date(),
      createdBy: identity.subject,
    };
    await this.webhooks.insert(endpoint);
    return { endpoint, secret };
  }

  /**
   * A webhook may not point inside Vigil's network (SSRF): an IP literal or a name resolving to a loopback, private,
   * link-local… address is refused now. A name that does not resolve yet is accepted; every delivery checks again.
   */
  private async assertReachableFromOutside(hostname: string): Promise<void> {
    try {
      await assertHostAllowed(hostname, this.outboundAllowance);
    } catch (error) {
      if (error instanceof OutboundAddressError) {
        throw invalidInput(`url: ${error.message} Use a public address.`, { url: 'internal address' });
      }
    }
  }

  async deactivateWebhook(identity: Identity, id: string): Promise<WebhookEndpointRecord> {
    const endpoint = await this.webhooks.deactivate(id, identity.tenantIds);
    if (endpoint === null) throw missing(`No webhook ${id} in your tenants.`);
    return endpoint;
  }

  async webhooksFor(identity: Identity, tenantId: string): Promise<WebhookEndpointRecord[]> {
    requireTenantAccess(identity, tenantId);
    return this.webhooks.ofTenant(tenantId);
  }

  /** For the webhook adapter: the signing secret of an active endpoint. */
  async secretOf(webhookId: string): Promise<string | null> {
    return this.webhooks.activeSecret(webhookId);
  }
}
