import type { LiveLink } from './graphql/live';
import type { Session } from './session';

/** Everything a view needs from the shell: the caller, the live link, and a counter bumped on each reconnection. */
export interface ViewProps {
  readonly session: Session;
  readonly live: LiveLink;
  readonly reconnects: number;
}
