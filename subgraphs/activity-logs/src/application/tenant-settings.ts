import { randomUUID } from 'node:crypto';
import { conflictWith, invalidInput } from '@vigil/core';
import { purgeScope, validateRetentionDays, type LegalHold, type RetentionPolicy } from '../domain/retention.js';
import { BASE_EVENT, defineCustomEventType, EventTaxonomy, type ActivityCategory } from '@vigil/core';
import type { TenantSettingsDocument, TenantSettingsModel } from './ports.js';

/** Per-tenant settings: the taxonomy each tenant sees (with its custom types), retention and legal holds. */
export class TenantSettingsService {
  /** Taxonomies are read on every ingest: cached per tenant, dropped when the tenant registers a type. */
  private readonly taxonomies = new Map<string, EventTaxonomy>();

  constructor(private readonly settings: TenantSettingsModel) {}

  async taxonomyFor(tenantId: string): Promise<EventTaxonomy> {
    const cached = this.taxonomies.get(tenantId);
    if (cached) return cached;
    const doc = await this.find(tenantId);
    const taxonomy = new EventTaxonomy(
      (doc?.customTypes ?? []).map((custom) => ({
        type: custom.type,
        category: custom.category,
        description: custom.description,
        ocsf: BASE_EVENT,
        writer: 'CLIENT',
      })),
    );
    this.taxonomies.set(tenantId, taxonomy);
    return taxonomy;
  }

  async registerCustomType(
    tenantId: string,
    type: string,
    category: ActivityCategory,
    description: string,
    registeredBy: string,
  ) {
    const result = defineCustomEventType(type, category, description);
    if (!result.ok) throw invalidInput(result.message, { type: result.message });
    const existing = await this.find(tenantId);
    if (existing?.customTypes.some((custom) => custom.type === type))
      throw conflictWith(`"${type}" is already registered for this tenant.`);
    await this.settings.updateOne(
      { tenantId },
      {
        $push: {
          customTypes: { type, category, description: result.definition.description, registeredBy, registeredAt: new Date() },
        },
      },
      { upsert: true },
    );
    this.taxonomies.delete(tenantId);
    return result.definition;
  }

  async retentionPolicy(tenantId: string): Promise<RetentionPolicy | null> {
    const doc = await this.find(tenantId);
    if (!doc?.retention) return null;
    return {
      tenantId,
      ...(doc.retention.defaultDays !== undefined ? { defaultDays: doc.retention.defaultDays } : {}),
      byCategory: Object.fromEntries((doc.retention.byCategory ?? []).map((entry) => [entry.category, entry.days])),
    };
  }

  async setRetention(tenantId: string, category: ActivityCategory | null, days: number): Promise<void> {
    const problem = validateRetentionDays(days);
    if (problem) throw invalidInput(problem, { days: problem });
    const doc = (await this.find(tenantId)) ?? { tenantId, customTypes: [], retention: { byCategory: [] }, legalHolds: [] };
    const retention = { defaultDays: doc.retention?.defaultDays, byCategory: [...(doc.retention?.byCategory ?? [])] };
    if (category === null) retention.defaultDays = days;
    else {
      const index = retention.byCategory.findIndex((entry) => entry.category === category);
      if (index >= 0) retention.byCategory[index] = { category, days };
      else retention.byCategory.push({ category, days });
    }
    await this.settings.updateOne({ tenantId }, { $set: { retention } }, { upsert: true });
  }

  async legalHolds(tenantId: string): Promise<(LegalHold & { id: string; reason: string; placedBy: string; placedAt: Date })[]> {
    const doc = await this.find(tenantId);
    return (doc?.legalHolds ?? []).map((hold) => ({
      ...hold,
      tenantId,
      ...(hold.accountId ? { accountId: hold.accountId } : {}),
    }));
  }

  async placeLegalHold(tenantId: string, accountId: string | undefined, reason: string, placedBy: string) {
    if (reason.trim().length === 0 || reason.length > 500)
      throw invalidInput('A legal hold needs a reason of 1 to 500 characters.', { reason: 'required, ≤ 500 characters' });
    const hold = { id: randomUUID(), ...(accountId ? { accountId } : {}), reason: reason.trim(), placedBy, placedAt: new Date() };
    await this.settings.updateOne({ tenantId }, { $push: { legalHolds: hold } }, { upsert: true });
    return { ...hold, tenantId };
  }

  async releaseLegalHold(tenantId: string, holdId: string): Promise<boolean> {
    const result = await this.settings.updateOne({ tenantId }, { $pull: { legalHolds: { id: holdId } } });
    return result.modifiedCount > 0;
  }

  async purgeScope(tenantId: string) {
    return purgeScope(await this.legalHolds(tenantId));
  }

  private async find(tenantId: string): Promise<TenantSettingsDocument | null> {
    return this.settings.findOne({ tenantId }).lean<TenantSettingsDocument>().exec();
  }
}
