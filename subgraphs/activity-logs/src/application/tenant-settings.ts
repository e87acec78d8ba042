import { conflictWith, invalidInput } from '@vigil/core';
import { BASE_EVENT, defineCustomEventType, EventTaxonomy, type ActivityCategory } from '@vigil/core';
import { MAX_CUSTOM_TYPES, type TenantSettingsStore } from './ports.js';

/** The taxonomy each tenant sees: the built-in types plus its registered `custom.*` types. (Retention: retention-settings.ts.) */
export class TenantSettingsService {
  /** Taxonomies are read on every ingest: cached per tenant, dropped when the tenant registers a type. */
  private readonly taxonomies = new Map<string, EventTaxonomy>();

  constructor(private readonly settings: TenantSettingsStore) {}

  async taxonomyFor(tenantId: string): Promise<EventTaxonomy> {
    const cached = this.taxonomies.get(tenantId);
    if (cached) return cached;
    const doc = await this.settings.find(tenantId);
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
    const existing = await this.settings.find(tenantId);
    if (existing?.customTypes.some((custom) => custom.type === type))
      throw conflictWith(`"${type}" is already registered for this tenant.`);
    const added = await this.settings.addCustomType(tenantId, {
      type,
      category,
      description: result.definition.description,
      registeredBy,
      registeredAt: new Date(),
    });
    if (!added)
      throw conflictWith(`This tenant has ${MAX_CUSTOM_TYPES} custom event types, the most it can register; reuse one of them.`);
    this.taxonomies.delete(tenantId);
    return result.definition;
  }
}
