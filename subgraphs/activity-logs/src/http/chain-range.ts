import type { ChainExportRange } from '../application/chain-export.js';

const SEQUENCE = /^[1-9][0-9]{0,15}$/;

/** `fromSequence`/`toSequence` (both optional), or `from`/`to` ISO times; an error message otherwise. */
export function chainRangeOf(params: URLSearchParams): ChainExportRange | string {
  const fromSequence = params.get('fromSequence');
  const toSequence = params.get('toSequence');
  if (params.has('from') || params.has('to')) {
    if (fromSequence !== null || toSequence !== null) return 'Give either from/to or fromSequence/toSequence, not both.';
    const from = new Date(params.get('from') ?? '');
    const to = new Date(params.get('to') ?? '');
    if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) return 'from and to are ISO-8601 date-times.';
    return { by: 'time', from, to };
  }
  for (const value of [fromSequence, toSequence]) {
    if (value !== null && !SEQUENCE.test(value)) return 'fromSequence and toSequence are sequence numbers ≥ 1.';
  }
  return {
    by: 'sequence',
    ...(fromSequence !== null ? { from: Number(fromSequence) } : {}),
    ...(toSequence !== null ? { to: Number(toSequence) } : {}),
  };
}
