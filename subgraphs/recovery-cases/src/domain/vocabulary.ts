/** The words of a recovery case, shared by the rules, the models and the GraphQL enums. */

export const CASE_REASONS = ['LOCKED_OUT', 'FORGOTTEN_PASSWORD', 'LOST_FACTOR', 'SUSPECTED_COMPROMISE', 'OTHER'] as const;
export type CaseReason = (typeof CASE_REASONS)[number];

export const CASE_CHANNELS = ['PHONE', 'CHAT', 'EMAIL', 'SELF_SERVICE'] as const;
export type CaseChannel = (typeof CASE_CHANNELS)[number];

export const CASE_PRIORITIES = ['LOW', 'NORMAL', 'HIGH', 'URGENT'] as const;
export type CasePriority = (typeof CASE_PRIORITIES)[number];

export const RISK_LEVELS = ['LOW', 'MEDIUM', 'HIGH'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export const VERIFICATION_METHODS = ['SECURITY_QUESTIONS', 'OTP', 'DOCUMENT_CHECK', 'KNOWLEDGE_BASED', 'CALL_BACK'] as const;
export type VerificationMethod = (typeof VERIFICATION_METHODS)[number];

export const VERIFICATION_RESULTS = ['PASSED', 'FAILED', 'EXPIRED'] as const;
export type VerificationResult = (typeof VERIFICATION_RESULTS)[number];

export const INTERACTION_KINDS = ['CHAT_TRANSCRIPT', 'CALL_RECORDING', 'TICKET_UPDATE', 'EMAIL_MESSAGE'] as const;
export type InteractionKind = (typeof INTERACTION_KINDS)[number];

/** INBOUND: the customer wrote or called; OUTBOUND: the agent answered the customer. */
export const INTERACTION_DIRECTIONS = ['INBOUND', 'OUTBOUND'] as const;
export type InteractionDirection = (typeof INTERACTION_DIRECTIONS)[number];
