import type { ActivityEventFieldsFragment } from '../gql/graphql';
import { dateTime, words } from '../format';
import { ColumnHeads } from '../column-heads';

/** Activity events as the API returns them: masked values stay masked, nothing is recomputed here. */
export function EventRows({ events, label }: { events: readonly ActivityEventFieldsFragment[]; label: string }) {
  if (events.length === 0) return <p class="empty">No events.</p>;
  return (
    // A narrow panel scrolls the table sideways; the region is focusable so the keyboard can scroll it too.
    <div class="table-scroll" role="region" aria-label={label} tabIndex={0}>
      <table class="events">
        <ColumnHeads names={['When', 'Event', 'Outcome', 'IP', 'Where', 'Device']} />
        <tbody>
          {events.map((event) => (
            <tr key={event.id}>
              <td>{dateTime(event.occurredAt)}</td>
              <td>{event.type}</td>
              <td class={`outcome-${event.outcome.toLowerCase()}`}>{words(event.outcome)}</td>
              <td class="ip">{event.ip ?? '—'}</td>
              <td>{[event.geo?.city, event.geo?.country].filter(Boolean).join(', ') || '—'}</td>
              <td>{event.deviceId ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
