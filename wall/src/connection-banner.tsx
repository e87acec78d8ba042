import type { LinkStatus } from './graphql/live';

/** Shown while the live connection is down; it disappears by itself once graphql-ws has reconnected. */
export function ConnectionBanner({ status }: { status: LinkStatus }) {
  if (status !== 'reconnecting') return null;
  return (
    <div class="banner banner-down" role="alert" data-testid="connection-banner">
      Connection to Vigil lost: reconnecting… Alerts raised meanwhile appear when the connection is back.
    </div>
  );
}

/** The token expired (or was refused): say so plainly instead of showing a wall that silently stopped. */
export function SessionExpired({ onSignIn }: { onSignIn(): void }) {
  return (
    <main id="main" class="expired" data-testid="session-expired">
      <div role="alert">
        <h1>Session expired</h1>
        <p>Your sign-in is no longer valid, so live alerts have stopped. Sign in again to resume.</p>
      </div>
      <button type="button" onClick={onSignIn} autoFocus>
        Sign in again
      </button>
    </main>
  );
}
