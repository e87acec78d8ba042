import { ACTIVITY_CATEGORIES } from '@vigil/core';
import type { TenantRetention } from '../../application/retention-settings.js';
import { retentionDaysFor } from '../../domain/retention.js';
import type { ActivityRetention } from '../types/index.js';

/** Every category with its effective period (the tenant's, else its default, else Vigil's), and the holds. */
export function retentionView(tenantId: string, retention: TenantRetention): ActivityRetention {
  return {
    tenantId,
    categories: ACTIVITY_CATEGORIES.map((category) => ({ category, days: retentionDaysFor(retention.policy, category) })),
    legalHolds: [...retention.legalHolds],
    unfinishedErasures: retention.unfinishedErasures.map((mark) => ({
      erasureId: mark.erasureId,
      accountId: mark.accountId,
      beganAt: mark.since,
      ...(mark.failedAt !== undefined ? { failedAt: mark.failedAt } : {}),
    })),
  };
}
