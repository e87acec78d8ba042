import { graphql } from '../gql';

// Every operation the page sends. GraphQL Code Generator checks them against the composed schema at build time.
// Cross-subgraph fields (`account`, `recoveryCase`) may be null when their owner is down: the page shows a dash.

export const WallAlertFields = graphql(`
  fragment WallAlertFields on Alert {
    id
    tenantId
    rule
    ruleName
    severity
    status
    raisedAt
    occurrences
    account {
      id
      displayName
    }
  }
`);

export const WallAlertsQuery = graphql(`
  query WallAlerts($first: Int!, $after: ID) {
    alerts(first: $first, after: $after) {
      ...WallAlertFields
    }
  }
`);

export const AlertRaisedSubscription = graphql(`
  subscription WallAlertRaised {
    alertRaised {
      ...WallAlertFields
    }
  }
`);

export const AlertUpdatedSubscription = graphql(`
  subscription WallAlertUpdated {
    alertUpdated {
      ...WallAlertFields
    }
  }
`);

export const AnalystAlertsQuery = graphql(`
  query AnalystAlerts($filter: AlertFilter, $first: Int!) {
    alerts(filter: $filter, first: $first) {
      ...WallAlertFields
    }
  }
`);

export const DetectionRulesQuery = graphql(`
  query DetectionRules($tenantId: String!) {
    detectionSettings(tenantId: $tenantId) {
      rules {
        id
        name
      }
    }
  }
`);

export const AlertDetailQuery = graphql(`
  query AlertDetail($id: ID!) {
    alert(id: $id) {
      ...WallAlertFields
      reasons
      acknowledgedBy
      acknowledgedAt
      closedAt
      caseId
      reasonVector {
        explanation
        thresholds {
          name
          value
        }
        values {
          name
          value
        }
        evidenceEventIds
      }
      history {
        from
        to
        by
        at
        reason
      }
    }
  }
`);

export const ActivityEventFields = graphql(`
  fragment ActivityEventFields on ActivityEvent {
    id
    type
    category
    outcome
    occurredAt
    ip
    userAgent
    deviceId
    geo {
      country
      city
    }
    actor {
      type
      id
    }
  }
`);

export const EvidenceEventQuery = graphql(`
  query EvidenceEvent($id: ID!) {
    activityEvent(id: $id) {
      ...ActivityEventFields
    }
  }
`);

export const AccountTimelineQuery = graphql(`
  query AccountTimeline($id: ID!, $first: Int!, $after: String) {
    account(id: $id) {
      id
      displayName
      email
      phone
      status
      riskScore
      activity(first: $first, after: $after) {
        edges {
          node {
            ...ActivityEventFields
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`);

export const AcknowledgeAlertMutation = graphql(`
  mutation AcknowledgeAlert($id: ID!, $note: String) {
    acknowledgeAlert(id: $id, note: $note) {
      ...WallAlertFields
    }
  }
`);

export const CloseAlertMutation = graphql(`
  mutation CloseAlert($input: CloseAlertInput!) {
    closeAlert(input: $input) {
      ...WallAlertFields
    }
  }
`);

export const RecoveryCaseFields = graphql(`
  fragment RecoveryCaseFields on RecoveryCase {
    id
    tenantId
    accountId
    reason
    channel
    priority
    status
    openedAt
    assigneeId
    account {
      id
      displayName
    }
    sla {
      metric
      status
      targetSeconds
      remainingSeconds
      dueAt
      breachedAt
    }
  }
`);

export const RecoveryQueueQuery = graphql(`
  query RecoveryQueue($tenantId: String!, $statuses: [RecoveryCaseStatus!]) {
    recoveryCases(first: 50, filter: { tenantId: $tenantId, statuses: $statuses }) {
      ...RecoveryCaseFields
    }
  }
`);

export const SlaBreachesQuery = graphql(`
  query SlaBreaches($tenantId: String!, $from: DateTime!) {
    slaBreaches(filter: { tenantId: $tenantId, from: $from }) {
      metric
      priority
      breachedAt
      targetSeconds
      assigneeId
      recoveryCase {
        id
        accountId
      }
    }
  }
`);

export const RecoveryCaseUpdatedSubscription = graphql(`
  subscription RecoveryCaseUpdated($tenantId: String!) {
    recoveryCaseUpdated(tenantId: $tenantId) {
      ...RecoveryCaseFields
    }
  }
`);
