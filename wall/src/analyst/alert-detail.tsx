import { useEffect, useState } from 'preact/hooks';
import type { AlertClosingStatus, AlertDetailQuery, EvidenceEventQuery } from '../gql/graphql';
import { dateTime, words } from '../format';
import {
  AcknowledgeAlertMutation,
  AlertDetailQuery as AlertDetailDocument,
  CloseAlertMutation,
  EvidenceEventQuery as EvidenceDocument,
} from '../graphql/documents';
import { request } from '../graphql/http';
import { hasRole, type Session } from '../session';
import { EventRows } from './event-rows';

type Detail = AlertDetailQuery['alert'];
type EvidenceEvent = NonNullable<EvidenceEventQuery['activityEvent']>;

/** Evidence shown per alert; the reason vector lists at most 50 ids, the first ones explain the firing. */
const EVIDENCE_SHOWN = 20;
const CLOSINGS: ReadonlyArray<readonly [AlertClosingStatus, string]> = [
  ['RESOLVED', 'Resolve'],
  ['FALSE_POSITIVE', 'False positive'],
  ['ESCALATED', 'Escalate'],
];

interface AlertDetailProps {
  readonly alertId: string;
  readonly session: Session;
  onChanged(): void;
}

/** One alert: why it fired (reason vector), the events that made it fire, its history, and the actions. */
export function AlertDetail({ alertId, session, onChanged }: AlertDetailProps) {
  const [alert, setAlert] = useState<Detail>();
  const [evidence, setEvidence] = useState<EvidenceEvent[]>([]);
  const [reason, setReason] = useState('');
  const [caseId, setCaseId] = useState('');
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);

  const load = () =>
    request(AlertDetailDocument, { id: alertId }, session.token).then(
      (data) => setAlert(data.alert),
      (error: Error) => setProblem(error.message),
    );

  useEffect(() => void load(), [alertId]);

  useEffect(() => {
    const ids = alert?.reasonVector.evidenceEventIds.slice(0, EVIDENCE_SHOWN) ?? [];
    Promise.all(ids.map((id) => request(EvidenceDocument, { id }, session.token).catch(() => undefined))).then((found) =>
      setEvidence(found.flatMap((data) => (data?.activityEvent ? [data.activityEvent] : []))),
    );
  }, [alert?.id]);

  const act = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setProblem(undefined);
    try {
      await action();
      setReason('');
      await load();
      onChanged();
    } catch (error) {
      setProblem((error as Error).message);
    } finally {
      setBusy(false);
    }
  };

  if (!alert) return <section class="detail">{problem ? <p class="error">{problem}</p> : <p>Loading…</p>}</section>;
  const canAct = hasRole(session, 'ADMIN', 'SUPERVISOR', 'SECURITY_ANALYST');
  const vector = alert.reasonVector;
  return (
    <section class="detail" aria-labelledby="detail-heading" data-testid="alert-detail">
      <h2 id="detail-heading">
        <span class={`sev sev-${alert.severity.toLowerCase()}`}>{alert.severity}</span> {alert.ruleName}
      </h2>
      <p>
        Status <strong data-testid="detail-status">{words(alert.status)}</strong> · raised {dateTime(alert.raisedAt)} · tenant{' '}
        {alert.tenantId}
      </p>
      <h3>Why it fired</h3>
      <p class="explanation">{vector.explanation}</p>
      <div class="reason-vector">
        <ReasonValues title="Observed" values={vector.values} />
        <ReasonValues title="Thresholds" values={vector.thresholds} />
      </div>
      <h3>
        Evidence ({evidence.length} of {vector.evidenceEventIds.length} events)
      </h3>
      <EventRows events={evidence} label="Evidence events" />
      {canAct && (
        <form class="actions" aria-label="Act on this alert" onSubmit={(event) => event.preventDefault()}>
          <label for="reason">Reason or note</label>
          <textarea id="reason" rows={2} maxLength={2000} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
          {alert.status === 'OPEN' && (
            <button
              type="button"
              disabled={busy}
              onClick={() => act(() => request(AcknowledgeAlertMutation, { id: alert.id, note: reason || null }, session.token))}
            >
              Acknowledge
            </button>
          )}
          {alert.status === 'ACKNOWLEDGED' && (
            <>
              <label for="case-id">Recovery case id (to escalate)</label>
              <input id="case-id" value={caseId} maxLength={64} onInput={(e) => setCaseId(e.currentTarget.value)} />
              {CLOSINGS.map(([status, label]) => (
                <button
                  key={status}
                  type="button"
                  disabled={busy || !reason.trim()}
                  onClick={() =>
                    act(() =>
                      request(
                        CloseAlertMutation,
                        {
                          input: {
                            alertId: alert.id,
                            status,
                            reason: reason.trim(),
                            ...(caseId.trim() ? { caseId: caseId.trim() } : {}),
                          },
                        },
                        session.token,
                      ),
                    )
                  }
                >
                  {label}
                </button>
              ))}
              {!reason.trim() && <p class="hint">Closing needs a reason.</p>}
            </>
          )}
        </form>
      )}
      {problem && (
        <p class="error" role="alert">
          {problem}
        </p>
      )}
      <h3>History</h3>
      {alert.history.length === 0 && <p class="empty">No status change yet.</p>}
      <ol class="history">
        {alert.history.map((change) => (
          <li key={change.at + change.to}>
            {dateTime(change.at)}: {words(change.from)} → {words(change.to)} by {change.by}
            {change.reason ? ` (${change.reason})` : ''}
          </li>
        ))}
      </ol>
    </section>
  );
}

function ReasonValues({ title, values }: { title: string; values: ReadonlyArray<{ name: string; value: string }> }) {
  return (
    <div>
      <h4>{title}</h4>
      <dl>
        {values.map((entry) => (
          <div key={entry.name}>
            <dt>{entry.name}</dt>
            <dd>{entry.value}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
