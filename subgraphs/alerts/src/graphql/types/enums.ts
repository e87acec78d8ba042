import { registerGraphqlEnum } from '@vigil/core';
import { ALERT_STATUSES, CLOSED_STATUSES } from '../../domain/alert-lifecycle.js';
import { EVIDENCE_STATUSES } from '../../domain/evidence-verification.js';
import { CHANNELS } from '../../domain/notifications/channel-policy.js';
import { RULE_MODES } from '../../domain/rule-catalog.js';
import { SEVERITIES } from '../../domain/severity.js';
import { DELIVERY_STATUSES } from '../../adapters/mongo/notification-delivery.model.js';

/* Every GraphQL enum of the alerts subgraph, registered once from its domain `as const` list. */

export const SeverityEnum = registerGraphqlEnum(SEVERITIES, { name: 'Severity', description: 'LOW < MEDIUM < HIGH < CRITICAL' });

export const AlertStatusEnum = registerGraphqlEnum(ALERT_STATUSES, {
  name: 'AlertStatus',
  description: 'OPEN → ACKNOWLEDGED → RESOLVED | FALSE_POSITIVE | ESCALATED',
});

export const ClosingStatusEnum = registerGraphqlEnum(CLOSED_STATUSES, { name: 'AlertClosingStatus' });

export const RuleModeEnum = registerGraphqlEnum(RULE_MODES, {
  name: 'RuleMode',
  description: 'ALERT raises and notifies; AUDIT_ONLY records findings for tuning without alerting anyone.',
});

export const ChannelEnum = registerGraphqlEnum(CHANNELS, { name: 'NotificationChannel' });

export const DeliveryStatusEnum = registerGraphqlEnum(DELIVERY_STATUSES, {
  name: 'DeliveryStatus',
  description:
    'QUEUED (waiting or retrying), SENT (provider accepted), DELIVERED (receiver confirmed), FAILED (dead letter), SKIPPED (rate limited).',
});

export const EvidenceStatusEnum = registerGraphqlEnum(EVIDENCE_STATUSES, {
  name: 'EvidenceStatus',
  description:
    'INTACT as cited; CHANGED (altered, rewritten or moved); MISSING from the chain; UNVERIFIABLE (cited without a chain position).',
});
