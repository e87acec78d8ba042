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
  query WallAlerts($first: Int!, $after: String) {
    alerts(first: $first, after: $after) {
      edges {
        node {
          ...WallAlertFields
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
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
      edges {
        node {
          ...WallAlertFields
        }
      }
    }
  }
`);

export const DetectionRulesQuery = graphql(`
  query DetectionRules($tenantId: ID!) {
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
  query RecoveryQueue($tenantId: ID!, $statuses: [RecoveryCaseStatus!]) {
    recoveryCases(first: 50, filter: { tenantId: $tenantId, statuses: $statuses }) {
      edges {
        node {
          ...RecoveryCaseFields
        }
      }
    }
  }
`);

export const SlaBreachesQuery = graphql(`
  query SlaBreaches($tenantId: ID!, $from: DateTime!) {
    slaBreaches(first: 200, filter: { tenantId: $tenantId, from: $from }) {
      edges {
        node {
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
    }
  }
`);

export const RecoveryCaseUpdatedSubscription = graphql(`
  subscription RecoveryCaseUpdated($tenantId: ID!) {
    recoveryCaseUpdated(tenantId: $tenantId) {
      ...RecoveryCaseFields
    }
  }
`);
