import { describe, expect, it } from 'vitest';
import { MAX_BATCH_SIZE, validateActivityBatch } from '../../src/domain/activity-batch.js';
import type { ActivityEventDraft } from '../../src/domain/activity-input.js';
import { EventTaxonomy } from '@vigil/core';

const taxonomy = new EventTaxonomy();
const now = new Date('2026-03-01T12:00:00Z');
const login = (overrides: Partial<Record<keyof ActivityEventDraft, unknown>> = {}): ActivityEventDraft => ({
  accountId: 'acct-1',
  type: 'user.authentication.failed',
  occurredAt: '2026-03-01T11:59:00Z',
  ip: '203.0.113.9',
  userAgent: 'Mozilla/5.0',
  ...overrides,
});

describe('validateActivityBatch', () => {
  it('accepts a valid event, defaulting outcome from the type and actor to the customer', () => {
    const result = validateActivityBatch([login()], taxonomy, now);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.events[0]).toMatchObject({
      outcome: 'FAILURE',
      actor: { type: 'CUSTOMER' },
      ip: '203.0.113.9',
      ipKey: '00000000000000000000ffffcb007109',
    });
  });

  it('reports every bad field of every bad item with its index', () => {
    const result = validateActivityBatch(
      [login(), login({ accountId: '', occurredAt: 'yesterday' }), login({ ip: '999.1.1.1', metadata: { password: 'x' } })],
      taxonomy,
      now,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((error) => [error.index, error.field])).toEqual([
      [1, 'accountId'],
      [1, 'occurredAt'],
      [2, 'ip'],
      [2, 'metadata.password'],
    ]);
  });

  it('rejects an outcome that contradicts the type', () => {
    const result = validateActivityBatch([login({ outcome: 'SUCCESS' })], taxonomy, now);
    expect(result).toMatchObject({ ok: false, errors: [{ index: 0, field: 'outcome' }] });
  });

  it('rejects events from the future, local times without zone, nested metadata', () => {
    const result = validateActivityBatch(
      [
        login({ occurredAt: '2026-03-01T13:00:00Z' }),
        login({ occurredAt: '2026-03-01T11:00:00' }),
        login({ metadata: { a: { b: 1 } } }),
      ],
      taxonomy,
      now,
    );
    expect(result).toMatchObject({
      ok: false,
      errors: [
        { index: 0, field: 'occurredAt' },
        { index: 1, field: 'occurredAt' },
        { index: 2, field: 'metadata.a' },
      ],
    });
  });

  it('rejects empty and oversized batches and duplicate idempotency keys', () => {
    expect(validateActivityBatch([], taxonomy, now)).toMatchObject({ ok: false, errors: [{ index: -1 }] });
    expect(
      validateActivityBatch(
        Array.from({ length: MAX_BATCH_SIZE + 1 }, () => login()),
        taxonomy,
        now,
      ),
    ).toMatchObject({
      ok: false,
      errors: [{ index: -1, message: expect.stringContaining(`${MAX_BATCH_SIZE}`) }],
    });
    expect(
      validateActivityBatch([login({ idempotencyKey: 'k1' }), login({ idempotencyKey: 'k1' })], taxonomy, now),
    ).toMatchObject({
      ok: false,
      errors: [{ index: 1, field: 'idempotencyKey' }],
    });
  });

  it('names the nearest known type for an unknown one', () => {
    const result = validateActivityBatch([login({ type: 'user.sesion.start' })], taxonomy, now);
    expect(result).toMatchObject({
      ok: false,
      errors: [{ field: 'type', message: expect.stringContaining('user.session.start') }],
    });
  });
});
