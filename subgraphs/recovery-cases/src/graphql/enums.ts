import { registerEnumType } from 'type-graphql';
import { CASE_STATUSES, type CaseStatus } from '../domain/case-lifecycle.js';
import { SLA_METRICS, type SlaMetric, type SlaTimerStatus } from '../domain/sla.js';
import {
  CASE_CHANNELS,
  CASE_PRIORITIES,
  CASE_REASONS,
  INTERACTION_DIRECTIONS,
  INTERACTION_KINDS,
  RISK_LEVELS,
  VERIFICATION_METHODS,
  VERIFICATION_RESULTS,
  type CaseChannel,
  type CasePriority,
  type CaseReason,
  type InteractionDirection,
  type InteractionKind,
  type RiskLevel,
  type VerificationMethod,
  type VerificationResult,
} from '../domain/vocabulary.js';

/** GraphQL enums from the domain's word lists: one source of truth for the values. */
function enumObject<T extends string>(values: readonly T[]): { [K in T]: K } {
  return Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };
}

export const CaseStatusEnum = enumObject<CaseStatus>(CASE_STATUSES);
export const CaseReasonEnum = enumObject<CaseReason>(CASE_REASONS);
export const CaseChannelEnum = enumObject<CaseChannel>(CASE_CHANNELS);
export const CasePriorityEnum = enumObject<CasePriority>(CASE_PRIORITIES);
export const RiskLevelEnum = enumObject<RiskLevel>(RISK_LEVELS);
export const VerificationMethodEnum = enumObject<VerificationMethod>(VERIFICATION_METHODS);
export const VerificationResultEnum = enumObject<VerificationResult>(VERIFICATION_RESULTS);
export const InteractionKindEnum = enumObject<InteractionKind>(INTERACTION_KINDS);
export const InteractionDirectionEnum = enumObject<InteractionDirection>(INTERACTION_DIRECTIONS);
export const SlaMetricEnum = enumObject<SlaMetric>(SLA_METRICS);
export const SlaTimerStatusEnum = enumObject<SlaTimerStatus>(['ACTIVE', 'PAUSED', 'FULFILLED', 'BREACHED']);
export const SlaEventKindEnum = enumObject(['ACTIVATED', 'PAUSED', 'RESUMED', 'WARNING', 'BREACHED', 'FULFILLED'] as const);
export const ContactFieldEnum = enumObject(['EMAIL', 'PHONE'] as const);
export const ContactChangeStatusEnum = enumObject(['PENDING', 'APPROVED', 'REJECTED'] as const);
export const DeliveryChannelEnum = enumObject(['EMAIL', 'SMS'] as const);

registerEnumType(CaseStatusEnum, { name: 'RecoveryCaseStatus', description: 'Where a recovery case stands in its lifecycle.' });
registerEnumType(CaseReasonEnum, { name: 'RecoveryReason', description: 'Why the customer needs their account back.' });
registerEnumType(CaseChannelEnum, { name: 'RecoveryChannel', description: 'How the customer reached the floor.' });
registerEnumType(CasePriorityEnum, { name: 'RecoveryPriority' });
registerEnumType(RiskLevelEnum, {
  name: 'RecoveryRiskLevel',
  description: 'Risk of the request; decides the verification required.',
});
registerEnumType(VerificationMethodEnum, { name: 'VerificationMethod' });
registerEnumType(VerificationResultEnum, { name: 'VerificationResult' });
registerEnumType(InteractionKindEnum, { name: 'InteractionKind' });
registerEnumType(InteractionDirectionEnum, {
  name: 'InteractionDirection',
  description: 'INBOUND: from the customer; OUTBOUND: to the customer.',
});
registerEnumType(SlaMetricEnum, { name: 'SlaMetric' });
registerEnumType(SlaTimerStatusEnum, { name: 'SlaTimerStatus' });
registerEnumType(SlaEventKindEnum, { name: 'SlaEventKind' });
registerEnumType(ContactFieldEnum, { name: 'ContactField' });
registerEnumType(ContactChangeStatusEnum, { name: 'ContactChangeStatus' });
registerEnumType(DeliveryChannelEnum, {
  name: 'DeliveryChannel',
  description: 'A registered channel codes and reset links go to.',
});
