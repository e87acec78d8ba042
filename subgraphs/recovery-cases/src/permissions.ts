import { ROLE_GROUPS, isAuthenticated, requireRole, type IRules } from '@vigil/core';

/**
 * Who may do what in recovery-cases (graphql-shield, deny by default: anything not listed is FORBIDDEN).
 * Tenant scope is enforced again in the use cases and loaders: a rule here says which roles, the data
 * layer says which tenants. Object fields are readable once the case was loaded for the caller, except
 * verification evidence references, which only supervisors and auditors see.
 */
const READERS = requireRole(...ROLE_GROUPS.staff);
const CASE_WORKERS = requireRole(...ROLE_GROUPS.caseWorkers);
const SUPERVISORS = requireRole(...ROLE_GROUPS.supervisors);
const OVERSIGHT = requireRole(...ROLE_GROUPS.oversight);

export const permissions: IRules = {
  Query: {
    recoveryCase: READERS,
    recoveryCases: READERS,
    slaBreaches: OVERSIGHT,
    recoveryMetrics: OVERSIGHT,
    recoverySettings: OVERSIGHT,
  },
  Mutation: {
    openRecoveryCase: CASE_WORKERS,
    assignRecoveryCase: SUPERVISORS,
    changeRecoveryCaseStatus: CASE_WORKERS,
    recordVerification: CASE_WORKERS,
    sendVerificationCode: CASE_WORKERS,
    checkVerificationCode: CASE_WORKERS,
    issuePasswordReset: CASE_WORKERS,
    // The identity provider or reset portal reports the link was used.
    completePasswordReset: requireRole('INGEST'),
    addCaseNote: CASE_WORKERS,
    recordCaseInteraction: CASE_WORKERS,
    setWaitingOnCustomer: CASE_WORKERS,
    requestContactChange: CASE_WORKERS,
    decideContactChange: SUPERVISORS,
    updateRecoverySettings: requireRole('ADMIN'),
  },
  Subscription: { recoveryCaseUpdated: SUPERVISORS },
  RecoveryCase: isAuthenticated,
  CaseTransition: isAuthenticated,
  VerificationAttempt: { '*': isAuthenticated, evidenceRef: requireRole('SUPERVISOR', 'AUDITOR') },
  CaseNote: isAuthenticated,
  CustomerInteraction: isAuthenticated,
  ContactChangeRequest: isAuthenticated,
  CaseMilestones: isAuthenticated,
  SlaTimer: isAuthenticated,
  SlaEvent: isAuthenticated,
  VerificationProgress: isAuthenticated,
  VerificationCodeSent: isAuthenticated,
  PasswordResetIssued: isAuthenticated,
  SlaBreach: isAuthenticated,
  SlaBreachConnection: isAuthenticated,
  SlaBreachEdge: isAuthenticated,
  RecoveryCaseConnection: isAuthenticated,
  RecoveryCaseEdge: isAuthenticated,
  RecoveryPageInfo: isAuthenticated,
  RecoveryMetrics: isAuthenticated,
  AgentRecoveryPerformance: isAuthenticated,
  RecoverySettings: isAuthenticated,
  VerificationRequirement: isAuthenticated,
  SlaTargets: isAuthenticated,
  Account: { id: isAuthenticated, recoveryCases: READERS },
  Agent: { id: isAuthenticated, assignedCases: READERS },
  Alert: { id: isAuthenticated, recoveryCase: READERS },
};
