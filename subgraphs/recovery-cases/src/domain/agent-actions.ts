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
  /** Only once the mail server took the code (ADR 135). */
  otpSent: 'verification.otp_sent',
  /** The code's email failed: `delivery` NOT_SENT or UNCERTAIN; the code does not work. */
  otpDeliveryFailed: 'verification.otp_delivery_failed',
  /** No code was sent: the registered address is cooling off after a change (ADR 150); no address in it. */
  otpWithheld: 'verification.otp_withheld',
  /** Only once the mail server took the link (ADR 135). */
  resetIssued: 'reset.issued',
  /** The link's email failed: `delivery` NOT_SENT or UNCERTAIN; the link does not work, the case is VERIFIED again. */
  resetDeliveryFailed: 'reset.delivery_failed',
  /** No link was issued: the registered address is cooling off after a change (ADR 150); no address in it. */
  resetWithheld: 'reset.withheld',
  noteAdded: 'case.note_added',
  waitingChanged: 'case.waiting_on_customer_changed',
  interactionRecorded: 'case.interaction_recorded',
  contactChangeRequested: 'contact_change.requested',
  contactChangeDecided: 'contact_change.decided',
} as const;
export type AgentActionName = (typeof AGENT_ACTIONS)[keyof typeof AGENT_ACTIONS];
