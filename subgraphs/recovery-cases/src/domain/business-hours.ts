/**
 * Working time between two instants. SLA targets are either around the clock or in the tenant's
 * business hours (a weekly schedule in an IANA time zone); this module turns wall-clock spans into
 * counted time and finds the instant at which a given amount of counted time is used up.
 */
export type SlaSchedule =
  | { readonly kind: 'ALWAYS' }
  | {
      readonly kind: 'BUSINESS_HOURS';
      /** IANA zone, e.g. `Europe/Berlin`. */
      readonly timeZone: string;
      /** ISO weekdays that are working days: 1 = Monday … 7 = Sunday. */
      readonly weekdays: readonly number[];
      /** Minutes after local midnight: opening and closing time. */
      readonly openMinute: number;
      readonly closeMinute: number;
    };

const DAY_MS = 86_400_000;

interface LocalDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Offset of the zone from UTC at an instant, in ms (positive east of Greenwich). */
function zoneOffsetMs(timeZone: string, instantMs: number): number {
  const parts = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(new Date(instantMs))
      .map((p) => [p.type, p.value]),
  );
  const asUtc = Date.UTC(+parts.year!, +parts.month! - 1, +parts.day!, +parts.hour!, +parts.minute!, +parts.second!);
  return asUtc - Math.floor(instantMs / 1000) * 1000;
}

function localDateOf(timeZone: string, instantMs: number): LocalDate {
  const shifted = new Date(instantMs + zoneOffsetMs(timeZone, instantMs));
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

/** The instant at which the local wall clock shows `minute` minutes after midnight of `date`. */
function instantOfLocal(timeZone: string, date: LocalDate, minute: number): number {
  const wall = Date.UTC(date.year, date.month - 1, date.day) + minute * 60_000;
  // Two passes settle the offset across a daylight-saving change.
  let guess = wall - zoneOffsetMs(timeZone, wall);
  guess = wall - zoneOffsetMs(timeZone, guess);
  return guess;
}

function isoWeekday(date: LocalDate): number {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
  return d === 0 ? 7 : d;
}

function nextDay(date: LocalDate): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day) + DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** Working intervals [open, close) in epoch ms, day by day from the local day containing `fromMs`. */
function* workingIntervals(
  schedule: Extract<SlaSchedule, { kind: 'BUSINESS_HOURS' }>,
  fromMs: number,
): Generator<[number, number]> {
  let date = localDateOf(schedule.timeZone, fromMs);
  // A schedule with no working day would loop forever; such a schedule is rejected by validateSchedule.
  for (;;) {
    if (schedule.weekdays.includes(isoWeekday(date))) {
      yield [
        instantOfLocal(schedule.timeZone, date, schedule.openMinute),
        instantOfLocal(schedule.timeZone, date, schedule.closeMinute),
      ];
    }
    date = nextDay(date);
  }
}

export function validateSchedule(schedule: SlaSchedule): string | undefined {
  if (schedule.kind === 'ALWAYS') return undefined;
  try {
    formatterFor(schedule.timeZone);
  } catch {
    return `Unknown time zone "${schedule.timeZone}".`;
  }
  if (schedule.weekdays.length === 0 || schedule.weekdays.some((d) => !Number.isInteger(d) || d < 1 || d > 7)) {
    return 'Working days must be ISO weekdays 1 (Monday) to 7 (Sunday), at least one.';
  }
  if (!(schedule.openMinute >= 0 && schedule.openMinute < schedule.closeMinute && schedule.closeMinute <= 1440)) {
    return 'Opening time must come before closing time, both within the day.';
  }
  return undefined;
}

/** Counted time between two instants. */
export function workingMsBetween(schedule: SlaSchedule, fromMs: number, toMs: number): number {
  if (toMs <= fromMs) return 0;
  if (schedule.kind === 'ALWAYS') return toMs - fromMs;
  let total = 0;
  for (const [open, close] of workingIntervals(schedule, fromMs)) {
    if (open >= toMs) break;
    total += Math.max(0, Math.min(close, toMs) - Math.max(open, fromMs));
  }
  return total;
}

/** The instant at which `amountMs` of counted time, starting at `fromMs`, is used up. */
export function addWorkingMs(schedule: SlaSchedule, fromMs: number, amountMs: number): number {
  if (schedule.kind === 'ALWAYS') return fromMs + amountMs;
  let left = amountMs;
  for (const [open, close] of workingIntervals(schedule, fromMs)) {
    const start = Math.max(open, fromMs);
    if (start >= close) continue;
    if (close - start >= left) return start + left;
    left -= close - start;
  }
  throw new Error('unreachable: working intervals are infinite');
}
