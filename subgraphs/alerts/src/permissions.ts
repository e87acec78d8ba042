import { isAuthenticated, requireRole, ROLE_GROUPS, type IRules, type Role, type RoleGroup } from '@vigil/core';

/** Members of any of the groups: a rule for a union of role groups. */
const anyOf = (...groups: RoleGroup[]) => requireRole(...new Set<Role>(groups.flatMap((group) => [...ROLE_GROUPS[group]])));

/**
 * Deny by default (the factory's fallback): every type and field is listed. Tenant scope is enforced
 * again in AlertService's queries, so a rule here never is the only guard.
 */
const readers = anyOf('staff');
const responders = anyOf('securityResponders');
const reporters = anyOf('securityResponders', 'oversight');
const managers = anyOf('supervisors');
const walls = anyOf('securityResponders', 'caseWorkers');
const admins = requireRole('ADMIN');
// The client's app relays the customer's decision; its back end (or our ingest) files the requests.
// Client systems are not Vigil staff: no role group names them.
const clientApps = requireRole('PARTNER', 'ADMIN');
const clientSystems = requireRole('PARTNER', 'INGEST', 'ADMIN');

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
  AlertConnection: { '*': isAuthenticated },
  AlertEdge: { '*': isAuthenticated },
  AlertPageInfo: { '*': isAuthenticated },
  NotificationDelivery: { '*': isAuthenticated },
  NotificationDeliveryConnection: { '*': isAuthenticated },
  NotificationDeliveryEdge: { '*': isAuthenticated },
  NotificationDeliveryPageInfo: { '*': isAuthenticated },
  WebhookEndpoint: { '*': isAuthenticated },
  RegisteredWebhook: { '*': isAuthenticated },
  AlertReasons: { '*': isAuthenticated },
  ReasonValue: { '*': isAuthenticated },
  AlertStatusChange: { '*': isAuthenticated },
  EvidenceReference: { '*': isAuthenticated },
  AlertComment: { '*': isAuthenticated },
  DetectionSettings: { '*': isAuthenticated },
  DetectionRule: { '*': isAuthenticated },
  DetectionRuleSource: { '*': isAuthenticated },
  RuleParameter: { '*': isAuthenticated },
  RuleMetrics: { '*': isAuthenticated },
  AlertEvidenceVerification: { '*': isAuthenticated },
  EvidenceCheck: { '*': isAuthenticated },
  ThirdPartyAccessRequest: { '*': isAuthenticated },
  Account: { id: isAuthenticated, alertRiskScore: readers, openAlertCount: readers },
};
