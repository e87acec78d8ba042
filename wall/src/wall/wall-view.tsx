import { useEffect, useRef, useState } from 'preact/hooks';
import type { ViewProps } from '../view-props';
import { timeSince, words } from '../format';
import { AlertRaisedSubscription, AlertUpdatedSubscription, WallAlertsQuery } from '../graphql/documents';
import { request } from '../graphql/http';
import { AlertBoard, SEVERITIES, type HourCounts, type WallAlert } from './alert-board';

const PAGE = 200;
/** Start-up and catch-up read at most this many pages (1,000 alerts) of the last hour. */
const MAX_PAGES = 5;
const HOUR_MS = 60 * 60 * 1000;
/** Bursts are drawn at most this often: 1,000 alerts an hour, or 50 in a second, cost a few renders. */
const RENDER_EVERY_MS = 250;

/** Newest alerts of the last hour, page by page, until older than the hour. */
async function loadLastHour(token: string, board: AlertBoard): Promise<void> {
  let after: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const alerts = (await request(WallAlertsQuery, { first: PAGE, ...(after ? { after } : {}) }, token)).alerts ?? [];
    for (const alert of alerts) board.upsert(alert);
    const last = alerts.at(-1);
    if (!last || alerts.length < PAGE || Date.parse(last.raisedAt) < Date.now() - HOUR_MS) return;
    after = last.id;
  }
}

/** The floor's TV: live alerts newest first, counts for the last hour, readable from across the room. */
export function WallView({ session, live, reconnects }: ViewProps) {
  const board = useRef(new AlertBoard()).current;
  const [, setVersion] = useState(0);
  const [now, setNow] = useState(Date.now());
  const [problem, setProblem] = useState<string>();
  const pending = useRef<ReturnType<typeof setTimeout>>();

  const redraw = () => {
    if (pending.current) return;
    pending.current = setTimeout(() => {
      pending.current = undefined;
      setVersion((v) => v + 1);
    }, RENDER_EVERY_MS);
  };

  useEffect(() => {
    const take = (alert: WallAlert) => board.upsert(alert) && redraw();
    const raised = live.subscribe(AlertRaisedSubscription, {}, (data) => take(data.alertRaised), setProblem);
    const updated = live.subscribe(AlertUpdatedSubscription, {}, (data) => take(data.alertUpdated), setProblem);
    const tick = setInterval(() => {
      setNow(Date.now());
      board.prune();
    }, 1_000);
    return () => {
      raised();
      updated();
      clearInterval(tick);
      clearTimeout(pending.current);
    };
  }, [live]);

  // On start and after every reconnection: fetch what the live feed may have missed.
  useEffect(() => {
    loadLastHour(session.token, board).then(
      () => {
        setProblem(undefined);
        redraw();
      },
      (error: Error) => setProblem(error.message),
    );
  }, [session.token, reconnects]);

  const rows = board.rows();
  const counts = board.counts(now);
  const manyTenants = session.tenants.length !== 1;
  return (
    <div class="wall">
      <h1 class="visually-hidden">Live alerts</h1>
      <HourSummary counts={counts} />
      {problem && (
        <p class="error" role="alert">
          {problem}
        </p>
      )}
      <table class="alerts" data-testid="wall-alerts" aria-label="Live alerts, newest first">
        <thead>
          <tr>
            <th scope="col">Severity</th>
            <th scope="col">Alert</th>
            <th scope="col">Account</th>
            {manyTenants && <th scope="col">Tenant</th>}
            <th scope="col">Status</th>
            <th scope="col">Raised</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((alert) => (
            <tr key={alert.id} data-alert-id={alert.id} class={`status-${alert.status.toLowerCase()}`}>
              <td>
                <span class={`sev sev-${alert.severity.toLowerCase()}`}>{alert.severity}</span>
              </td>
              <td class="rule">
                {alert.ruleName}
                {alert.occurrences > 1 && <span class="times"> ×{alert.occurrences}</span>}
              </td>
              <td class="account-name">{alert.account?.displayName ?? '—'}</td>
              {manyTenants && <td>{alert.tenantId}</td>}
              <td class="status" data-testid="alert-status">
                {words(alert.status)}
              </td>
              <td class="since">
                <time dateTime={alert.raisedAt}>{timeSince(alert.raisedAt, now)}</time>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 && !problem && <p class="empty">No alerts in the last hour.</p>}
      {board.size > rows.length && (
        <p class="more">
          Showing the newest {rows.length}; the counts above cover all {counts.total} of the last hour.
        </p>
      )}
    </div>
  );
}

function HourSummary({ counts }: { counts: HourCounts }) {
  return (
    <section class="summary" aria-label="Alerts in the last hour">
      <h2 class="summary-title">Last hour</h2>
      <ul class="severity-counts" data-testid="severity-counts">
        {SEVERITIES.map((severity) => (
          <li key={severity} class={`sev sev-${severity.toLowerCase()}`} data-severity={severity}>
            <span class="count">{counts.bySeverity[severity]}</span> {severity}
          </li>
        ))}
      </ul>
      <ol class="rule-counts" data-testid="rule-counts" aria-label="By rule, last hour">
        {counts.byRule.slice(0, 6).map(([rule, count]) => (
          <li key={rule}>
            <span class="count">{count}</span> {rule}
          </li>
        ))}
      </ol>
    </section>
  );
}
