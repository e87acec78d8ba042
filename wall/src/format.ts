/** "now", "42 s", "7 min", "3 h 05 min", "2 d": short enough to read across a room. */
export function timeSince(iso: string, now = Date.now()): string {
  const seconds = Math.max(0, Math.floor((now - Date.parse(iso)) / 1000));
  if (seconds < 5) return 'now';
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ${String(minutes % 60).padStart(2, '0')} min`;
  return `${Math.floor(hours / 24)} d`;
}

/** A countdown: "12:34", "1:02:03", or "-0:45" once overdue. */
export function countdown(seconds: number): string {
  const sign = seconds < 0 ? '-' : '';
  const total = Math.abs(Math.trunc(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mmss = `${String(m).padStart(h ? 2 : 1, '0')}:${String(s).padStart(2, '0')}`;
  return `${sign}${h ? `${h}:` : ''}${mmss}`;
}

export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' });
}

/** "FALSE_POSITIVE" → "false positive". */
export function words(value: string): string {
  return value.toLowerCase().replace(/_/g, ' ');
}
