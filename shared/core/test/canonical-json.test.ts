/**
 * ADR 160 rewrote core's canonicalJson for speed; every upstream identity's `op` claim (the gateway signs, the subgraph
 * checks) depends on its bytes. The form it replaced is kept here as the reference, and both encode the same values —
 * generated, and the edge cases by hand.
 */
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../src/auth/canonical-json.js';

/** canonicalJson as it was before ADR 160. */
function reference(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const text = JSON.stringify(value);
    return text === undefined ? 'null' : text;
  }
  if (Array.isArray(value)) {
    return `[${value.map((item: unknown) => (item === undefined ? 'null' : reference(item))).join(',')}]`;
  }
  const record = value as Record<string, unknown>;
  const members = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${reference(record[key])}`);
  return `{${members.join(',')}}`;
}

/** A small deterministic generator (mulberry32), so a failure names a seed that reproduces it. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CHARACTERS = [
  'a',
  'Z',
  '0',
  ' ',
  '"',
  '\\',
  '/',
  '\n',
  '\u0000',
  '\u001f',
  '\u007f',
  'é',
  '\u2028',
  '😀',
  '\ud800',
  '\udfff',
];
const NUMBERS = [0, -1, 1.5, 1e21, -0, 2 ** 53, Number.NaN, Number.POSITIVE_INFINITY];

function text(next: () => number): string {
  return Array.from({ length: Math.floor(next() * 6) }, () => CHARACTERS[Math.floor(next() * CHARACTERS.length)]).join('');
}

function value(next: () => number, depth: number): unknown {
  const kind = Math.floor(next() * (depth > 2 ? 6 : 8));
  if (kind === 0) return null;
  if (kind === 1) return undefined;
  if (kind === 2) return text(next);
  if (kind === 3) return NUMBERS[Math.floor(next() * NUMBERS.length)];
  if (kind === 4) return next() < 0.5;
  if (kind === 5) return next() < 0.5 ? new Date(Math.floor(next() * 4e12)) : () => 'a function';
  if (kind === 6) return Array.from({ length: Math.floor(next() * 4) }, () => value(next, depth + 1));
  return Object.fromEntries(Array.from({ length: Math.floor(next() * 5) }, () => [text(next), value(next, depth + 1)]));
}

describe('canonicalJson (ADR 160)', () => {
  it('encodes generated values exactly as the form it replaced', () => {
    for (let seed = 1; seed <= 2000; seed += 1) {
      const generated = value(random(seed), 0);
      expect({ seed, encoded: canonicalJson(generated) }).toEqual({ seed, encoded: reference(generated) });
    }
  });

  it('escapes what JSON escapes, in keys and values, sorts keys by code unit and drops undefined members', () => {
    const awkward = {
      'b"\\': 'quote " backslash \\ newline \n nul \u0000',
      a: ['lone \ud800 high', 'lone \udfff low', 'pair 😀', undefined, new Date(0), Number.NaN],
      B: { z: undefined, y: 1, é: true },
    };
    expect(canonicalJson(awkward)).toBe(reference(awkward));
    expect(canonicalJson(awkward)).toBe(
      '{"B":{"y":1,"é":true},"a":["lone \\ud800 high","lone \\udfff low","pair 😀",null,{},null],' +
        '"b\\"\\\\":"quote \\" backslash \\\\ newline \\n nul \\u0000"}',
    );
    expect(canonicalJson(undefined)).toBe('null');
    expect(canonicalJson('plain')).toBe('"plain"');
  });
});
