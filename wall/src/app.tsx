import { useEffect, useMemo, useState } from 'preact/hooks';
import { AnalystView } from './analyst/analyst-view';
import { ConnectionBanner, SessionExpired } from './connection-banner';
import { whenUnauthenticated } from './graphql/http';
import { createLiveLink, type LinkStatus } from './graphql/live';
import { loadStoredSession, storeSession, type Session } from './session';
import { SignIn } from './sign-in';
import { SupervisorView } from './supervisor/supervisor-view';
import type { ViewProps } from './view-props';
import { WallView } from './wall/wall-view';

type Route = 'wall' | 'analyst' | 'supervisor';
const ROUTES: ReadonlyArray<readonly [Route, string]> = [
  ['wall', 'Wall'],
  ['analyst', 'Analyst'],
  ['supervisor', 'Supervisor'],
];

function routeFromHash(): Route {
  const name = window.location.hash.replace(/^#\/?/, '');
  return ROUTES.some(([route]) => route === name) ? (name as Route) : 'wall';
}

export function App() {
  const [session, setSession] = useState<Session | undefined>(loadStoredSession);
  const [expired, setExpired] = useState(false);
  const [route, setRoute] = useState<Route>(routeFromHash);

  useEffect(() => {
    const onHash = () => setRoute(routeFromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  useEffect(() => whenUnauthenticated(() => setExpired(true)), []);

  // The token's own expiry: the page says so at `exp` rather than waiting for the next failed call.
  useEffect(() => {
    if (!session) return;
    const timer = setTimeout(() => setExpired(true), Math.max(0, session.expiresAt - Date.now()));
    return () => clearTimeout(timer);
  }, [session]);

  const signIn = (next: Session) => {
    storeSession(next);
    setExpired(false);
    setSession(next);
  };
  const signOut = () => {
    storeSession(undefined);
    setExpired(false);
    setSession(undefined);
  };

  if (!session) return <SignIn onSignIn={signIn} />;
  if (expired) return <SessionExpired onSignIn={signOut} />;
  return <SignedIn session={session} route={route} onExpired={() => setExpired(true)} onSignOut={signOut} />;
}

interface SignedInProps {
  readonly session: Session;
  readonly route: Route;
  onExpired(): void;
  onSignOut(): void;
}

function SignedIn({ session, route, onExpired, onSignOut }: SignedInProps) {
  const [status, setStatus] = useState<LinkStatus>('connecting');
  const [reconnects, setReconnects] = useState(0);
  const live = useMemo(
    () =>
      createLiveLink(
        session.token,
        (next) => (next === 'expired' ? onExpired() : setStatus(next)),
        () => setReconnects((count) => count + 1),
      ),
    [session.token],
  );
  useEffect(() => () => live.dispose(), [live]);

  const props: ViewProps = { session, live, reconnects };
  return (
    <div class={`shell route-${route}`}>
      <header class="topbar">
        <span class="brand">Vigil</span>
        <nav aria-label="Views">
          {ROUTES.map(([name, label]) => (
            <a key={name} href={`#/${name}`} aria-current={route === name ? 'page' : undefined}>
              {label}
            </a>
          ))}
        </nav>
        <span class={`link link-${status}`} data-testid="link-status">
          {status === 'live' ? '● Live' : status === 'connecting' ? '○ Connecting…' : '○ Reconnecting…'}
        </span>
        <span class="who">
          {session.subject} · {session.roles.join(', ')}
        </span>
        <button type="button" class="quiet" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      <ConnectionBanner status={status} />
      <main id="main">
        {route === 'wall' && <WallView {...props} />}
        {route === 'analyst' && <AnalystView {...props} />}
        {route === 'supervisor' && <SupervisorView {...props} />}
      </main>
    </div>
  );
}
