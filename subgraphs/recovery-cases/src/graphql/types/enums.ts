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
export const CaseStatusEnum = registerGraphqlEnum('RecoveryCaseStatus', CASE_STATUSES, {
  description: 'Where a recovery case stands in its lifecycle.',
});
export const CaseReasonEnum = registerGraphqlEnum('RecoveryReason', CASE_REASONS, {
  description: 'Why the customer needs their account back.',
});
export const CaseChannelEnum = registerGraphqlEnum('RecoveryChannel', CASE_CHANNELS, {
  description: 'How the customer reached the floor.',
});
export const CasePriorityEnum = registerGraphqlEnum('RecoveryPriority', CASE_PRIORITIES);
export const RiskLevelEnum = registerGraphqlEnum('RecoveryRiskLevel', RISK_LEVELS, {
  description: 'Risk of the request; decides the verification required.',
});
export const VerificationMethodEnum = registerGraphqlEnum('VerificationMethod', VERIFICATION_METHODS);
export const VerificationResultEnum = registerGraphqlEnum('VerificationResult', VERIFICATION_RESULTS);
export const InteractionKindEnum = registerGraphqlEnum('InteractionKind', INTERACTION_KINDS);
export const InteractionDirectionEnum = registerGraphqlEnum('InteractionDirection', INTERACTION_DIRECTIONS, {
  description: 'INBOUND: from the customer; OUTBOUND: to the customer.',
});
export const SlaMetricEnum = registerGraphqlEnum('SlaMetric', SLA_METRICS);
export const SlaTimerStatusEnum = registerGraphqlEnum('SlaTimerStatus', ['ACTIVE', 'PAUSED', 'FULFILLED', 'BREACHED'] as const);
export const SlaEventKindEnum = registerGraphqlEnum('SlaEventKind', [
  'ACTIVATED',
  'PAUSED',
  'RESUMED',
  'WARNING',
  'BREACHED',
  'FULFILLED',
] as const);
export const ContactFieldEnum = registerGraphqlEnum('ContactField', ['EMAIL', 'PHONE'] as const);
export const ContactChangeStatusEnum = registerGraphqlEnum('ContactChangeStatus', ['PENDING', 'APPROVED', 'REJECTED'] as const);
export const DeliveryChannelEnum = registerGraphqlEnum('DeliveryChannel', ['EMAIL', 'SMS'] as const, {
  description: 'A registered channel codes and reset links go to.',
});
