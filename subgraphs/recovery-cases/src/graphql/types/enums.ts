import { registerGraphqlEnum } from '@vigil/core';
import { CASE_STATUSES } from '../../domain/case-lifecycle.js';
import { SLA_METRICS } from '../../domain/sla.js';
import {
  CASE_CHANNELS,
  CASE_PRIORITIES,
  CASE_REASONS,
  INTERACTION_DIRECTIONS,
  INTERACTION_KINDS,
  RISK_LEVELS,
  VERIFICATION_METHODS,
  VERIFICATION_RESULTS,
} from '../../domain/vocabulary.js';

/** GraphQL enums from the domain's word lists: one source of truth for the values. */
export const CaseStatusEnum = registerGraphqlEnum(CASE_STATUSES, {
  name: 'RecoveryCaseStatus',
  description: 'Where a recovery case stands in its lifecycle.',
});
export const CaseReasonEnum = registerGraphqlEnum(CASE_REASONS, {
  name: 'RecoveryReason',
  description: 'Why the customer needs their account back.',
});
export const CaseChannelEnum = registerGraphqlEnum(CASE_CHANNELS, {
  name: 'RecoveryChannel',
  description: 'How the customer reached the floor.',
});
export const CasePriorityEnum = registerGraphqlEnum(CASE_PRIORITIES, { name: 'RecoveryPriority' });
export const RiskLevelEnum = registerGraphqlEnum(RISK_LEVELS, {
  name: 'RecoveryRiskLevel',
  description: 'Risk of the request; decides the verification required.',
});
export const VerificationMethodEnum = registerGraphqlEnum(VERIFICATION_METHODS, { name: 'VerificationMethod' });
export const VerificationResultEnum = registerGraphqlEnum(VERIFICATION_RESULTS, { name: 'VerificationResult' });
export const InteractionKindEnum = registerGraphqlEnum(INTERACTION_KINDS, { name: 'InteractionKind' });
export const InteractionDirectionEnum = registerGraphqlEnum(INTERACTION_DIRECTIONS, {
  name: 'InteractionDirection',
  description: 'INBOUND: from the customer; OUTBOUND: to the customer.',
});
export const SlaMetricEnum = registerGraphqlEnum(SLA_METRICS, { name: 'SlaMetric' });
export const SlaTimerStatusEnum = registerGraphqlEnum(['ACTIVE', 'PAUSED', 'FULFILLED', 'BREACHED'] as const, {
  name: 'SlaTimerStatus',
});
export const SlaEventKindEnum = registerGraphqlEnum(
  ['ACTIVATED', 'PAUSED', 'RESUMED', 'WARNING', 'BREACHED', 'FULFILLED'] as const,
  { name: 'SlaEventKind' },
);
export const ContactFieldEnum = registerGraphqlEnum(['EMAIL', 'PHONE'] as const, { name: 'ContactField' });
export const ContactChangeStatusEnum = registerGraphqlEnum(['PENDING', 'APPROVED', 'REJECTED'] as const, {
  name: 'ContactChangeStatus',
});
export const DeliveryChannelEnum = registerGraphqlEnum(['EMAIL', 'SMS'] as const, {
  name: 'DeliveryChannel',
  description: 'A registered channel codes and reset links go to.',
});
