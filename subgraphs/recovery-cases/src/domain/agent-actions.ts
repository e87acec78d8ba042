/**
 * Agent actions that land in the tenant's activity chain as `agent.action.<name>`. The names are the
 * contract with activity-logs' taxonomy and with auditors' reports: change them only additively.
 */
export const AGENT_ACTIONS = {
  caseOpened: 'case.opened',
  caseViewed: 'account.viewed',
  caseAssigned: 'case.assigned',
  statusChanged: 'case.status_changed',
  verificationRecorded: 'verification.recorded',
  otpSent: 'verification.otp_sent',
  resetIssued: 'reset.issued',
  noteAdded: 'case.note_added',
  waitingChanged: 'case.waiting_on_customer_changed',
  interactionRecorded: 'case.interaction_recorded',
  contactChangeRequested: 'contact_change.requested',
  contactChangeDecided: 'contact_change.decided',
} as const;
export type AgentActionName = (typeof AGENT_ACTIONS)[keyof typeof AGENT_ACTIONS];
