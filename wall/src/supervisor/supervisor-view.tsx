import { useEffect, useState } from 'preact/hooks';
import type { ViewProps } from '../view-props';
import type { RecoveryCaseFieldsFragment, SlaBreachesQuery } from '../gql/graphql';
import { countdown, dateTime, timeSince, words } from '../format';
import { RecoveryCaseUpdatedSubscription, RecoveryQueueQuery, SlaBreachesQuery as BreachesDocument } from '../graphql/documents';
import { request } from '../graphql/http';
import { CLOSED_CASE_STATUSES, mostUrgent, QUEUE_STATUSES, secondsLeft, type SlaTimer } from './sla';
import { ColumnHeads } from '../column-heads';

type QueuedCase = RecoveryCaseFieldsFragment & { fetchedAt: number };
type Breach = NonNullable<SlaBreachesQuery['slaBreaches']>['edges'][number]['node'];
const DAY_MS = 24 * 60 * 60 * 1000;

/** The recovery queue with SLA timers counting down, live from `recoveryCaseUpdated`, and the day's breaches. */
export function SupervisorView({ session, live, reconnects }: ViewProps) {
  const [tenantId, setTenantId] = useState(session.tenants[0] ?? '');
  const [cases, setCases] = useState<QueuedCase[]>([]);
  const [breaches, setBreaches] = useState<Breach[]>([]);
  const [now, setNow] = useState(Date.now());
  const [problem, setProblem] = useState<string>();
  const [breachesVersion, setBreachesVersion] = useState(0);

  useEffect(() => {
    if (!tenantId) return;
    const fetchedAt = Date.now();
    request(RecoveryQueueQuery, { tenantId, statuses: [...QUEUE_STATUSES] }, session.token).then(
      (data) => {
        setCases((data.recoveryCases?.edges ?? []).map(({ node }) => ({ ...node, fetchedAt })));
        setProblem(undefined);
      },
      (error: Error) => setProblem(error.message),
    );
  }, [tenantId, reconnects, session.token]);

  useEffect(() => {
    if (!tenantId) return;
    request(BreachesDocument, { tenantId, from: new Date(Date.now() - DAY_MS).toISOString() }, session.token).then(
      (data) => setBreaches((data.slaBreaches?.edges ?? []).map(({ node }) => node)),
      (error: Error) => setProblem(error.message),
    );
  }, [tenantId, reconnects, breachesVersion, session.token]);

  useEffect(() => {
    if (!tenantId) return;
    const stop = live.subscribe(
      RecoveryCaseUpdatedSubscription,
      { tenantId },
      ({ recoveryCaseUpdated: updated }) => {
        setCases((current) => {
          const others = current.filter((c) => c.id !== updated.id);
          return CLOSED_CASE_STATUSES.has(updated.status) ? others : [{ ...updated, fetchedAt: Date.now() }, ...others];
        });
        // A breach the server recorded also belongs in the breaches table.
        if (updated.sla.some((timer) => timer.status === 'BREACHED')) setBreachesVersion((v) => v + 1);
      },
      setProblem,
    );
    const tick = setInterval(() => setNow(Date.now()), 1_000);
    return () => {
      stop();
      clearInterval(tick);
    };
  }, [live, tenantId]);

  const urgency = (c: QueuedCase) => {
    const timer = mostUrgent(c.sla, c.fetchedAt, now);
    if (!timer) return Number.POSITIVE_INFINITY;
    return timer.status === 'BREACHED' ? Number.NEGATIVE_INFINITY : secondsLeft(timer, c.fetchedAt, now);
  };
  const queue = [...cases].sort((a, b) => urgency(a) - urgency(b));

  return (
    <div class="supervisor">
      <h1>Recovery queue</h1>
      {session.tenants.length > 1 && (
        <label>
          Tenant{' '}
          <select value={tenantId} onChange={(e) => setTenantId(e.currentTarget.value)}>
            {session.tenants.map((tenant) => (
              <option key={tenant}>{tenant}</option>
            ))}
          </select>
        </label>
      )}
      {problem && (
        <p class="error" role="alert">
          {problem}
        </p>
      )}
      <table class="queue" data-testid="recovery-queue">
        <caption class="visually-hidden">Open recovery cases, most urgent first</caption>
        <ColumnHeads names={['Priority', 'Account', 'Reason', 'Status', 'Assignee', 'Opened', 'SLA']} />
        <tbody>
          {queue.map((c) => (
            <tr key={c.id} data-case-id={c.id}>
              <td class={`priority priority-${c.priority.toLowerCase()}`}>{words(c.priority)}</td>
              <td>{c.account?.displayName ?? c.accountId}</td>
              <td>{words(c.reason)}</td>
              <td>{words(c.status)}</td>
              <td>{c.assigneeId ?? 'unassigned'}</td>
              <td>{timeSince(c.openedAt, now)}</td>
              <td>
                {c.sla
                  .filter((timer) => timer.status !== 'FULFILLED')
                  .map((timer) => (
                    <SlaClock key={timer.metric} timer={timer} fetchedAt={c.fetchedAt} now={now} />
                  ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {queue.length === 0 && !problem && <p class="empty">The queue is empty.</p>}
      <h2>SLA breaches, last 24 hours</h2>
      <table class="breaches" data-testid="sla-breaches">
        <ColumnHeads names={['Breached', 'Target', 'Priority', 'Case', 'Assignee']} />
        <tbody>
          {breaches.map((breach) => (
            <tr key={`${breach.recoveryCase.id}-${breach.metric}`}>
              <td>{dateTime(breach.breachedAt)}</td>
              <td>
                {words(breach.metric)} ({countdown(breach.targetSeconds)})
              </td>
              <td>{words(breach.priority)}</td>
              <td>{breach.recoveryCase.id}</td>
              <td>{breach.assigneeId ?? 'unassigned'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {breaches.length === 0 && <p class="empty">No breach in the last 24 hours.</p>}
    </div>
  );
}

function SlaClock({ timer, fetchedAt, now }: { timer: SlaTimer; fetchedAt: number; now: number }) {
  const left = secondsLeft(timer, fetchedAt, now);
  const breached = timer.status === 'BREACHED' || left < 0;
  const label = words(timer.metric);
  return (
    <span
      class={`sla ${breached ? 'sla-breached' : timer.status === 'PAUSED' ? 'sla-paused' : 'sla-running'}`}
      data-testid="sla-timer"
    >
      {label} {breached ? breachText(timer, left, now) : `${countdown(left)}${timer.status === 'PAUSED' ? ' (paused)' : ''}`}
    </span>
  );
}

function breachText(timer: SlaTimer, left: number, now: number): string {
  if (!timer.breachedAt) return `overdue ${countdown(-left)}`;
  const since = timeSince(timer.breachedAt, now);
  return since === 'now' ? 'breached just now' : `breached ${since} ago`;
}
