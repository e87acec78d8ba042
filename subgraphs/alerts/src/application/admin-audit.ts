/**
 * The administrator actions of the alerts subgraph, recorded in the tenant's audit chain (see @vigil/core
 * admin-actions.ts): detection settings (rule mode ALERT / AUDIT_ONLY, enabled, thresholds, IP allowlist) and alert
 * webhooks. Subclasses wired at the composition root, so the services keep one concern each. A change is published
 * after it was saved; the webhook's signing secret and the allowlist's addresses are never in the summary.
 */
import { ADMIN_ACTIONS, changedFields, publishAdminAction, type AdminSummary, type EventBus, type Identity } from '@vigil/core';
import type { TenantRuleSet } from '../domain/tenant-rules.js';
import type { WebhookEndpointRecord } from '../adapters/mongo/webhook-endpoint.model.js';
import { NotificationService } from './notification-service.js';
import { DetectionSettingsService, type DetectionSettingsChange } from './detection-settings-service.js';

/** Per rule: enabled, mode, severity, suppression and thresholds, keyed `<rule>_<setting>`; the allowlist by size. */
export function summarizeRules(rules: TenantRuleSet): AdminSummary {
  const summary: Record<string, AdminSummary[string]> = { ipAllowlistEntries: rules.allowlist.entries.length };
  for (const rule of rules.rules.values()) {
    const key = rule.id.replace(/-/g, '_');
    summary[`${key}_enabled`] = rule.enabled;
    summary[`${key}_mode`] = rule.mode;
    summary[`${key}_severity`] = rule.severity;
    summary[`${key}_suppressionMinutes`] = rule.suppressionMinutes;
    for (const [name, value] of Object.entries(rule.params)) summary[`${key}_${name}`] = value;
    for (const [name, values] of Object.entries(rule.lists)) summary[`${key}_${name}`] = [...values];
  }
  return summary;
}

export class AuditedDetectionSettingsService extends DetectionSettingsService {
  constructor(
    settings: ConstructorParameters<typeof DetectionSettingsService>[0],
    rules: ConstructorParameters<typeof DetectionSettingsService>[1],
    private readonly bus: EventBus,
  ) {
    super(settings, rules);
  }

  override async update(identity: Identity, change: DetectionSettingsChange): Promise<TenantRuleSet> {
    const before = await this.rulesFor(identity, change.tenantId);
    const after = await super.update(identity, change);
    const changed = changedFields(summarizeRules(before), summarizeRules(after));
    const added = after.allowlist.entries.filter((entry) => !before.allowlist.entries.includes(entry)).length;
    const removed = before.allowlist.entries.filter((entry) => !after.allowlist.entries.includes(entry)).length;
    if (Object.keys(changed.after).length === 0 && added === 0 && removed === 0) return after;
    await publishAdminAction(this.bus, identity, {
      tenantId: change.tenantId,
      action: ADMIN_ACTIONS.detectionSettingsChanged,
      target: { type: 'detection-settings', id: change.tenantId },
      before: changed.before,
      after: { ...changed.after, ...(added || removed ? { ipAllowlistAdded: added, ipAllowlistRemoved: removed } : {}) },
    });
    return after;
  }
}

/** A webhook as the audit chain shows it: where it points (scheme and host), never its path, query or secret. */
function webhookSummary(endpoint: WebhookEndpointRecord): AdminSummary {
  const url = new URL(endpoint.url);
  return { url: `${url.protocol}//${url.host}`, active: endpoint.active };
}

export class AuditedNotificationService extends NotificationService {
  private bus: EventBus | undefined;

  /** Called once at the composition root (the constructor's parameters stay the parent's). */
  auditTo(bus: EventBus): this {
    this.bus = bus;
    return this;
  }

  override async registerWebhook(identity: Identity, tenantId: string, url: string) {
    const registered = await super.registerWebhook(identity, tenantId, url);
    if (this.bus) {
      await publishAdminAction(this.bus, identity, {
        tenantId,
        action: ADMIN_ACTIONS.webhookRegistered,
        target: { type: 'webhook', id: registered.endpoint._id },
        after: webhookSummary(registered.endpoint),
      });
    }
    return registered;
  }

  override async deactivateWebhook(identity: Identity, id: string): Promise<WebhookEndpointRecord> {
    const endpoint = await super.deactivateWebhook(identity, id);
    if (this.bus) {
      await publishAdminAction(this.bus, identity, {
        tenantId: endpoint.tenantId,
        action: ADMIN_ACTIONS.webhookDeactivated,
        target: { type: 'webhook', id: endpoint._id },
        before: { ...webhookSummary(endpoint), active: true },
        after: webhookSummary(endpoint),
      });
    }
    return endpoint;
  }
}
