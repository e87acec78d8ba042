import { isAuthenticated, or, requireGroup, requireRole, type IRules } from '@vigil/core';

/** Staff who read timelines (PII is masked for AGENT and SUPERVISOR in the mappers). */
const readers = requireGroup('staff');
/** Service principals of identity providers, CRMs and log shippers: write only (a role of its own, no group). */
const ingest = requireRole('INGEST');
/** Flag and mark events reviewed: whoever works cases or alerts. */
const reviewers = requireGroup('caseWorkers', 'securityResponders');
const integrity = requireGroup('auditors');
const analysts = requireGroup('oversight', 'securityResponders');
const admin = requireRole('ADMIN');

/**
 * Who may call what in activity-logs; anything not listed is denied by the factory's fallback. Output
 * types are open to any verified caller because they are only reachable through the gated root fields
 * above them, or through `_entities`, whose reference resolvers return null for non-readers. Tenant
 * scope is enforced again in the services (data layer).
 */
export const permissions: IRules = {
  Query: {
    activityEvents: readers,
    activityEvent: readers,
    activityEventTypes: or(readers, ingest),
    activityStats: analysts,
    verifyActivityChain: integrity,
    latestActivityCheckpoint: integrity,
    activitySignedHeads: integrity,
    // Public keys are public: any verified caller may fetch them to verify heads.
    activitySigningKeys: isAuthenticated,
    activityRetention: integrity,
  },
  Mutation: {
    recordActivities: ingest,
    flagActivityEvent: reviewers,
    markActivityEventReviewed: reviewers,
    createActivityCheckpoint: integrity,
    registerCustomEventType: admin,
    setActivityRetention: admin,
    placeLegalHold: admin,
    releaseLegalHold: admin,
    eraseAccountActivity: admin,
    purgeExpiredActivity: admin,
  },
  Subscription: { activityRecorded: readers },
  Account: { id: isAuthenticated, activity: readers },
  ActivityEvent: { '*': isAuthenticated },
  ActivityActor: { '*': isAuthenticated },
  ActivityRecorder: { '*': isAuthenticated },
  ActivityGeo: { '*': isAuthenticated },
  ActivityDevice: { '*': isAuthenticated },
  ActivityReview: { '*': isAuthenticated },
  ActivityEventConnection: { '*': isAuthenticated },
  ActivityEventEdge: { '*': isAuthenticated },
  ActivityPageInfo: { '*': isAuthenticated },
  RecordActivitiesResult: { '*': isAuthenticated },
  ChainVerificationReport: { '*': isAuthenticated },
  ChainBreakReport: { '*': isAuthenticated },
  ActivityCheckpoint: { '*': isAuthenticated },
  ActivitySigningKey: { '*': isAuthenticated },
  ActivitySigningKeySet: { '*': isAuthenticated },
  EventTypeInfo: { '*': isAuthenticated },
  ActivityStats: { '*': isAuthenticated },
  ActivityCount: { '*': isAuthenticated },
  ActivityRetention: { '*': isAuthenticated },
  CategoryRetention: { '*': isAuthenticated },
  LegalHold: { '*': isAuthenticated },
  UnfinishedErasure: { '*': isAuthenticated },
  ActivityPurgeReport: { '*': isAuthenticated },
  PurgeCategoryCount: { '*': isAuthenticated },
  ActivityErasureReport: { '*': isAuthenticated },
};
