import type { ReferenceResolver, TenantReferences } from '@vigil/core';
import type { AccessRequestService } from '../../application/access-request-service.js';
import type { AlertService } from '../../application/alert-service.js';
import type { AlertWorkflow } from '../../application/alert-workflow.js';
import type { DetectionSettingsService } from '../../application/detection-settings-service.js';
import type { EvidenceService } from '../../application/evidence-service.js';
import type { NotificationService } from '../../application/notification-service.js';
import type { AlertsContext } from '../loaders/loaders.js';
import { toAlert } from '../mappers/alert.mapper.js';
import { AccessRequestResolver } from './access-request.resolver.js';
import { AlertWorkflowResolver } from './alert-workflow.resolver.js';
import { AccountAlertsResolver } from './account-alerts.resolver.js';
import { AlertResolver } from './alert.resolver.js';
import { DetectionSettingsResolver } from './detection-settings.resolver.js';
import { EvidenceResolver } from './evidence.resolver.js';
import { AlertNotificationsResolver, NotificationResolver } from './notification.resolver.js';

/** The use cases the resolvers call, and the reference checks they make at the edge. */
export interface AlertsUseCases {
  readonly alerts: AlertService;
  readonly workflow: AlertWorkflow;
  readonly settings: DetectionSettingsService;
  readonly notifications: NotificationService;
  readonly accessRequests: AccessRequestService;
  readonly evidence: EvidenceService;
  /** Which account ids are a tenant's (checked before a request names one). */
  readonly accounts: TenantReferences;
  /** Which recovery case ids are a tenant's (checked before an escalation names one). */
  readonly recoveryCases: TenantReferences;
}

export function alertResolvers(useCases: AlertsUseCases): object[] {
  return [
    new AlertResolver(useCases.alerts, useCases.recoveryCases, useCases.workflow),
    new AlertWorkflowResolver(useCases.workflow),
    new AccountAlertsResolver(),
    new DetectionSettingsResolver(useCases.settings, useCases.alerts),
    new NotificationResolver(useCases.notifications, useCases.accounts),
    new AlertNotificationsResolver(),
    new AccessRequestResolver(useCases.accessRequests, useCases.accounts),
    new EvidenceResolver(useCases.evidence),
  ];
}

/** Federation entry points: an Alert by id (scoped to the caller's tenants by its loader), Account as a stub. */
export const referenceResolvers: Readonly<Record<string, ReferenceResolver<AlertsContext>>> = {
  Alert: async (reference, context) => {
    const record = await context.loaders.alertById.load(String(reference.id));
    return record === null ? null : toAlert(record);
  },
  Account: (reference) => ({ id: String(reference.id) }),
};
