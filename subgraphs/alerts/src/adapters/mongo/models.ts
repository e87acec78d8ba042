import type { Connection } from 'mongoose';
import { accessRequestModel } from './access-request.model.js';
import { alertSuppressionModel } from './alert-suppression.model.js';
import { alertModel } from './alert.model.js';
import { detectionEventModel } from './detection-event.model.js';
import { detectionRecordingModel } from './detection-recording.model.js';
import { detectionSettingsModel } from './detection-settings.model.js';
import { detectionWatermarkModel } from './detection-watermark.model.js';
import { deliveryRetentionModel } from './delivery-retention.model.js';
import { knownCaseModel } from './known-case.model.js';
import { notificationDeliveryModel } from './notification-delivery.model.js';
import { notificationJobModel } from './notification-job.model.js';
import { webhookEndpointModel } from './webhook-endpoint.model.js';

/** Every collection of the alerts database, with its indexes built before the subgraph serves. */
export async function alertsModels(connection: Connection) {
  const models = {
    alerts: alertModel(connection),
    suppressions: alertSuppressionModel(connection),
    detectionEvents: detectionEventModel(connection),
    watermarks: detectionWatermarkModel(connection),
    recordings: detectionRecordingModel(connection),
    settings: detectionSettingsModel(connection),
    jobs: notificationJobModel(connection),
    deliveries: notificationDeliveryModel(connection),
    deliveryRetention: deliveryRetentionModel(connection),
    webhooks: webhookEndpointModel(connection),
    accessRequests: accessRequestModel(connection),
    knownCases: knownCaseModel(connection),
  };
  // The same collections whose indexes were built at start-up before (watermarks, access requests and known
  // cases build theirs lazily on first use).
  await Promise.all(
    [
      models.alerts,
      models.suppressions,
      models.detectionEvents,
      models.settings,
      models.deliveries,
      models.webhooks,
      models.jobs,
    ].map((model) => model.init()),
  );
  return models;
}

export type AlertsModels = Awaited<ReturnType<typeof alertsModels>>;
