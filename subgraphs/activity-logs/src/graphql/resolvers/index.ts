import type { TenantReferences } from '@vigil/core';
import type { ActivityQueries } from '../../application/activity-queries.js';
import type { ActivityRecorder } from '../../application/activity-recorder.js';
import type { ActivityStatsService } from '../../application/activity-stats.js';
import type { ChainVerificationService } from '../../application/chain-verification.js';
import type { CheckpointService } from '../../application/checkpoints.js';
import type { ErasureService } from '../../application/erasure.js';
import type { EventReview } from '../../application/event-review.js';
import type { RetentionPurgeService } from '../../application/retention-purge.js';
import type { RetentionSettings } from '../../application/retention-settings.js';
import type { TenantSettingsService } from '../../application/tenant-settings.js';
import { AccountActivityResolver } from './account-activity.resolver.js';
import { ActivityResolver } from './activity.resolver.js';
import { GovernanceResolver } from './governance.resolver.js';
import { IntegrityResolver } from './integrity.resolver.js';
import { StatsResolver } from './stats.resolver.js';
import { ActivitySubscriptionResolver } from './subscription.resolver.js';

export interface ActivityUseCases {
  readonly recorder: ActivityRecorder;
  readonly queries: ActivityQueries;
  readonly review: EventReview;
  readonly settings: TenantSettingsService;
  readonly retention: RetentionSettings;
  readonly accounts: TenantReferences;
  readonly verification: ChainVerificationService;
  readonly checkpoints: CheckpointService;
  readonly erasure: ErasureService;
  readonly purge: RetentionPurgeService;
  readonly stats: ActivityStatsService;
}

/** Every resolver of activity-logs, each given the use cases it calls. */
export function activityResolvers(useCases: ActivityUseCases): object[] {
  const { recorder, queries, review, settings, retention, accounts, verification, checkpoints, erasure, purge, stats } = useCases;
  return [
    new ActivityResolver(recorder, queries, review, settings, accounts),
    new AccountActivityResolver(queries),
    new IntegrityResolver(verification, checkpoints),
    new GovernanceResolver(settings, retention, erasure, purge, accounts),
    new StatsResolver(stats),
    new ActivitySubscriptionResolver(),
  ];
}
