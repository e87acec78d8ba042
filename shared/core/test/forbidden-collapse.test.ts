/**
 * ADR 013: a list whose rows hold a field the caller may not read answers ONE FORBIDDEN error per denied field
 * (with `extensions.count`), not one per row; through a real subgraph request, and as a pure function.
 */
import type { GraphQLFormattedError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { collapseRepeatedForbidden } from '../src/index.js';
import { askProbe, useProbeSubgraph } from './probe-module.js';

describe('collapseRepeatedForbidden', () => {
  const forbidden = (
    path: (string | number)[],
    message = 'You are not allowed to read or change this.',
  ): GraphQLFormattedError => ({
    message,
    path,
    extensions: { code: 'FORBIDDEN' },
  });

  it('keeps one error per field pattern, at its first position, counting the rows', () => {
    const errors = [
      forbidden(['cases', 0, 'note']),
      { message: 'No such case.', path: ['case'], extensions: { code: 'NOT_FOUND' } },
      forbidden(['cases', 1, 'note']),
      forbidden(['cases', 0, 'owner']),
      forbidden(['cases', 2, 'note']),
    ];
    expect(collapseRepeatedForbidden(errors)).toEqual([
      { ...forbidden(['cases', 0, 'note']), extensions: { code: 'FORBIDDEN', count: 3 } },
      errors[1],
      errors[3],
    ]);
  });

  it('leaves other codes, different messages and errors without a path as they are', () => {
    const errors: GraphQLFormattedError[] = [
      { message: 'Too many', path: ['a', 0, 'b'], extensions: { code: 'RATE_LIMITED' } },
      { message: 'Too many', path: ['a', 1, 'b'], extensions: { code: 'RATE_LIMITED' } },
      forbidden(['a', 0, 'b'], 'Needs SUPERVISOR'),
      forbidden(['a', 1, 'b'], 'Needs ADMIN'),
      { message: 'denied', extensions: { code: 'FORBIDDEN' } },
      { message: 'denied', extensions: { code: 'FORBIDDEN' } },
    ];
    expect(collapseRepeatedForbidden(errors)).toEqual(errors);
  });
});

describe('a subgraph answering a list with a denied field', () => {
  const probe = useProbeSubgraph();

  it('answers 50 rows with the field null and one FORBIDDEN error counting them', async () => {
    const { body } = await askProbe(probe.url(), '{ probes(count: 50) { id secret } }');
    const rows = body.data?.probes as { id: string; secret: string | null }[];
    expect(rows).toHaveLength(50);
    expect(rows.every((row) => row.secret === null)).toBe(true);
    expect(body.errors).toEqual([
      {
        message: 'You are not allowed to read or change this.',
        locations: [{ line: 1, column: 26 }],
        path: ['probes', 0, 'secret'],
        extensions: { code: 'FORBIDDEN', count: 50 },
      },
    ]);
  });

  it('counts a nested list the same way: one error per denied field, whatever the depth', async () => {
    const { body } = await askProbe(probe.url(), '{ probes(count: 3) { secret tags { label owner } } }');
    expect(body.errors?.map((error) => [error.path?.join('.'), error.extensions?.count])).toEqual([
      ['probes.0.secret', 3],
      ['probes.0.tags.0.owner', 6],
    ]);
  });

  it('leaves a single denied field as one plain error (no count)', async () => {
    const { body } = await askProbe(probe.url(), '{ probes(count: 1) { secret } }');
    expect(body.errors).toHaveLength(1);
    expect(body.errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN' });
  });
});
