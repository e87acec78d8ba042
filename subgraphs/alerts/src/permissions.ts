import { isAuthenticated, requireRole, type IRules } from '@vigil/core';

/**
 * Deny by default (the factory's fallback): every type and field is listed. Tenant scope is enforced
 * again in AlertService's queries, so a rule here never is the only guard.
 */
const readers = requireRole('ADMIN', 'SUPERVISOR', 'SECURITY_ANALYST', 'AGENT', 'AUDITOR');
const responders = requireRole('ADMIN', 'SUPERVISOR', 'SECURITY_ANALYST');
const reporters = requireRole('ADMIN', 'SUPERVISOR', 'SECURITY_ANALYST', 'AUDITOR');
const admins = requireRole('ADMIN');
const managers = requireRole('ADMIN', 'SUPERVISOR');
// The client's app relays the customer's decision; its back end (or our ingest) files the requests.
const clientApps = requireRole('PARTNER', 'ADMIN');
const clientSystems = requireRole('PARTNER', 'INGEST', 'ADMIN');
const walls = requireRole('ADMIN', 'SUPERVISOR', 'SECURITY_ANALYST', 'AGENT');

export const permissions: IRules = {
  Query: {
    alerts: readers,
    alert: readers,
    detectionSettings: responders,
    alertMetrics: reporters,
    verifyAlertEvidence: reporters,
    notificationDeliveries: responders,
    alertWebhooks: admins,
    pendingThirdPartyAccess: clientApps,
  },
  Mutation: {
    acknowledgeAlert: responders,
    closeAlert: responders,
    reopenAlert: responders,
    assignAlert: responders,
    commentOnAlert: responders,
    updateDetectionSettings: admins,
    sendTestAlert: managers,
    registerAlertWebhook: admins,
    deactivateAlertWebhook: admins,
    requestThirdPartyAccess: clientSystems,
    decideThirdPartyAccess: clientApps,
  },
  Subscription: { alertRaised: walls, alertUpdated: walls },
  // Reached only through a query above (or `_entities`, which scopes by tenant in its loader).
  Alert: { '*': isAuthenticated, notifications: responders },
  NotificationDelivery: { '*': isAuthenticated },
  WebhookEndpoint: { '*': isAuthenticated },
  RegisteredWebhook: { '*': isAuthenticated },
  AlertReasons: { '*': isAuthenticated },
  ReasonValue: { '*': isAuthenticated },
  AlertStatusChange: { '*': isAuthenticated },
  EvidenceReference: { '*': isAuthenticated },
  AlertComment: { '*': isAuthenticated },
  DetectionSettings: { '*': isAuthenticated },
  DetectionRule: { '*': isAuthenticated },
  RuleParameter: { '*': isAuthenticated },
  RuleMetrics: { '*': isAuthenticated },
  AlertEvidenceVerification: { '*': isAuthenticated },
  EvidenceCheck: { '*': isAuthenticated },
  ThirdPartyAccessRequest: { '*': isAuthenticated },
  Account: { id: isAuthenticated, alertRiskScore: readers, openAlertCount: readers },
};
