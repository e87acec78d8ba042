import { useEffect, useState } from 'preact/hooks';
import type { AccountTimelineQuery, ActivityEventFieldsFragment } from '../gql/graphql';
import { words } from '../format';
import { AccountTimelineQuery as TimelineDocument } from '../graphql/documents';
import { requestPartial } from '../graphql/http';
import type { Session } from '../session';
import { EventRows } from './event-rows';

type AccountHead = Omit<NonNullable<AccountTimelineQuery['account']>, 'activity'>;
const PAGE = 20;

/** The account as the caller's role may see it (email and phone masked for agents) and its timeline, paged. */
export function AccountTimeline({ accountId, session }: { accountId: string; session: Session }) {
  const [account, setAccount] = useState<AccountHead | null>();
  const [events, setEvents] = useState<ActivityEventFieldsFragment[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [problem, setProblem] = useState<string>();

  const load = (after: string | null) =>
    // `after` is left out rather than sent as null: the activity-logs subgraph answered an internal error to null.
    requestPartial(TimelineDocument, { id: accountId, first: PAGE, ...(after ? { after } : {}) }, session.token).then(
      ({ data, problem }) => {
        if (!data.account) return setAccount(null);
        const { activity, ...head } = data.account;
        setAccount(head);
        // activity is null when activity-logs is down: the account's own fields still show, with the error.
        setEvents((current) => [...(after ? current : []), ...(activity?.edges.map((edge) => edge.node) ?? [])]);
        setNext(activity?.pageInfo.hasNextPage ? (activity.pageInfo.endCursor ?? null) : null);
        setProblem(problem?.message);
      },
      (error: Error) => setProblem(error.message),
    );

  useEffect(() => void load(null), [accountId]);

  if (account === null) return <section class="account">The account is not visible to you.</section>;
  return (
    <section class="account" aria-labelledby="account-heading" data-testid="account-panel">
      <h2 id="account-heading">{account?.displayName ?? 'Account'}</h2>
      {account && (
        <dl class="account-facts">
          <div>
            <dt>Email</dt>
            <dd data-testid="account-email">{account.email}</dd>
          </div>
          <div>
            <dt>Phone</dt>
            <dd data-testid="account-phone">{account.phone ?? '—'}</dd>
          </div>
          <div>
            <dt>Status</dt>
            <dd>{account.status ? words(account.status) : 'unknown'}</dd>
          </div>
          <div>
            <dt>Risk</dt>
            <dd>{account.riskScore}</dd>
          </div>
        </dl>
      )}
      <h3>Activity timeline</h3>
      <EventRows events={events} label="Account activity, newest first" />
      {problem && (
        <p class="error" role="alert">
          {problem}
        </p>
      )}
      {next && (
        <button type="button" onClick={() => void load(next)} data-testid="older-events">
          Older events
        </button>
      )}
    </section>
  );
}
