import { registerEnumType } from 'type-graphql';
import { ALERT_STATUSES, type AlertStatus } from '../../domain/alert-lifecycle.js';
import { SEVERITIES, type Severity } from '../../domain/severity.js';

const enumOf = <T extends string>(values: readonly T[]) =>
  Object.fromEntries(values.map((value) => [value, value])) as { [K in T]: K };

export const SeverityEnum = enumOf<Severity>(SEVERITIES);
registerEnumType(SeverityEnum, { name: 'Severity', description: 'LOW < MEDIUM < HIGH < CRITICAL' });

export const AlertStatusEnum = enumOf<AlertStatus>(ALERT_STATUSES);
registerEnumType(AlertStatusEnum, {
  name: 'AlertStatus',
  description: 'OPEN → ACKNOWLEDGED → RESOLVED | FALSE_POSITIVE | ESCALATED',
});

export const ClosingStatusEnum = enumOf(['RESOLVED', 'FALSE_POSITIVE', 'ESCALATED'] as const);
registerEnumType(ClosingStatusEnum, { name: 'AlertClosingStatus' });

export const RuleModeEnum = enumOf(['ALERT', 'AUDIT_ONLY'] as const);
registerEnumType(RuleModeEnum, {
  name: 'RuleMode',
  description: 'ALERT raises and notifies; AUDIT_ONLY records findings for tuning without alerting anyone.',
});
