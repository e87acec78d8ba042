import { useEffect, useState } from 'preact/hooks';
import type { ViewProps } from '../view-props';
import type { AlertFilter, AlertStatus, Severity } from '../gql/graphql';
import { timeSince, words } from '../format';
import { AlertRaisedSubscription, AlertUpdatedSubscription, AnalystAlertsQuery, DetectionRulesQuery } from '../graphql/documents';
import { request } from '../graphql/http';
import { SEVERITIES, type WallAlert } from '../wall/alert-board';
import { AccountTimeline } from './account-timeline';
import { AlertDetail } from './alert-detail';
import { ColumnHeads } from '../column-heads';
import { FilterSelect } from '../filter-select';

const STATUSES: readonly AlertStatus[] = ['OPEN', 'ACKNOWLEDGED', 'RESOLVED', 'FALSE_POSITIVE', 'ESCALATED'];

interface Filters {
  tenantId: string;
  minSeverity: Severity | '';
  rule: string;
  status: AlertStatus | '';
}

function toAlertFilter(filters: Filters): AlertFilter {
  return {
    ...(filters.tenantId ? { tenantId: filters.tenantId } : {}),
    ...(filters.minSeverity ? { minSeverity: filters.minSeverity } : {}),
    ...(filters.rule ? { rule: [filters.rule] } : {}),
    ...(filters.status ? { status: [filters.status] } : {}),
  };
}

/** The analyst console: filter alerts, open one, read why it fired, act on it, and page the account's timeline. */
export function AnalystView({ session, live, reconnects }: ViewProps) {
  const [filters, setFilters] = useState<Filters>({ tenantId: '', minSeverity: '', rule: '', status: '' });
  const [alerts, setAlerts] = useState<WallAlert[]>([]);
  const [rules, setRules] = useState<Array<{ id: string; name: string }>>([]);
  const [selected, setSelected] = useState<string>();
  const [problem, setProblem] = useState<string>();
  const [version, setVersion] = useState(0);

  useEffect(() => {
    request(AnalystAlertsQuery, { filter: toAlertFilter(filters), first: 100 }, session.token).then(
      (data) => {
        setAlerts(data.alerts?.edges.map((edge) => edge.node) ?? []);
        setProblem(undefined);
      },
      (error: Error) => setProblem(error.message),
    );
  }, [filters, version, reconnects, session.token]);

  // Rule names for the filter; only responders may read detection settings, others fall back to rules seen.
  useEffect(() => {
    const tenantId = filters.tenantId || session.tenants[0];
    if (!tenantId) return;
    request(DetectionRulesQuery, { tenantId }, session.token).then(
      (data) => setRules(data.detectionSettings?.rules ?? []),
      () => setRules([]),
    );
  }, [filters.tenantId, session.token]);

  // Alerts raised or changed elsewhere (another analyst, a rule firing) refresh the list, at most twice a second.
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const refresh = () => {
      timer ??= setTimeout(() => {
        timer = undefined;
        setVersion((v) => v + 1);
      }, 500);
    };
    const raised = live.subscribe(AlertRaisedSubscription, {}, refresh);
    const updated = live.subscribe(AlertUpdatedSubscription, {}, refresh);
    return () => {
      raised();
      updated();
      clearTimeout(timer);
    };
  }, [live]);

  const ruleOptions = rules.length
    ? rules
    : [...new Map(alerts.map((alert) => [alert.rule, { id: alert.rule, name: alert.ruleName }])).values()];
  const set = (patch: Partial<Filters>) => setFilters((current) => ({ ...current, ...patch }));
  // A filter's value and setter, as a FilterSelect takes them.
  const bound = <Field extends keyof Filters>(field: Field) => ({
    value: filters[field],
    onChange: (value: Filters[Field]) => set({ [field]: value } as Partial<Filters>),
  });
  const tenantChoices = session.tenants.map((tenant) => ({ value: tenant, text: tenant }));
  const severityChoices = SEVERITIES.map((severity) => ({ value: severity, text: words(severity) }));
  const ruleChoices = ruleOptions.map((rule) => ({ value: rule.id, text: rule.name }));
  const statusChoices = STATUSES.map((status) => ({ value: status, text: words(status) }));
  const current = alerts.find((alert) => alert.id === selected);

  return (
    <div class="analyst">
      <h1>Alerts</h1>
      <form class="filters" aria-label="Filter alerts" onSubmit={(event) => event.preventDefault()}>
        <FilterSelect label="Tenant" anyText="All my tenants" choices={tenantChoices} {...bound('tenantId')} />
        <FilterSelect label="Severity at least" choices={severityChoices} {...bound('minSeverity')} />
        <FilterSelect label="Rule" choices={ruleChoices} {...bound('rule')} />
        <FilterSelect label="Status" choices={statusChoices} {...bound('status')} />
      </form>
      {problem && (
        <p class="error" role="alert">
          {problem}
        </p>
      )}
      <div class="analyst-panes">
        <table class="alert-list" data-testid="analyst-alerts">
          <caption class="visually-hidden">Alerts matching the filters, newest first</caption>
          <ColumnHeads names={['Severity', 'Alert', 'Account', 'Status', 'Raised']} />
          <tbody>
            {alerts.map((alert) => (
              <tr key={alert.id} aria-selected={alert.id === selected} data-alert-id={alert.id}>
                <td>
                  <span class={`sev sev-${alert.severity.toLowerCase()}`}>{alert.severity}</span>
                </td>
                <td>
                  <button type="button" class="link-button" onClick={() => setSelected(alert.id)}>
                    {alert.ruleName}
                  </button>
                </td>
                <td>{alert.account?.displayName ?? '—'}</td>
                <td>{words(alert.status)}</td>
                <td>{timeSince(alert.raisedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {alerts.length === 0 && !problem && <p class="empty">No alert matches these filters.</p>}
        {current && (
          <div class="detail-panes">
            <AlertDetail key={current.id} alertId={current.id} session={session} onChanged={() => setVersion((v) => v + 1)} />
            {current.account && <AccountTimeline key={current.account.id} accountId={current.account.id} session={session} />}
          </div>
        )}
      </div>
    </div>
  );
}
