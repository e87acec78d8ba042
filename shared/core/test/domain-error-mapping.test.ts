/**
 * ADR 013 through a real subgraph (startSubgraph → HTTP, gateway-signed): every DomainError keeps its code,
 * message and details; anything else becomes one generic INTERNAL_SERVER_ERROR and is logged, not answered.
 */
import { describe, expect, it } from 'vitest';
import { askProbe, useProbeSubgraph } from './probe-module.js';

const probe = useProbeSubgraph();
const { lines } = probe;

async function onlyError(field: string) {
  const { status, body } = await askProbe(probe.url(), `{ ${field} }`);
  expect(status).toBe(200);
  expect(body.data).toBeNull();
  expect(body.errors).toHaveLength(1);
  return body.errors![0]!;
}

describe('DomainError → GraphQL error', () => {
  it('a refused transition is CONFLICT with the state, the request and the allowed transitions', async () => {
    expect(await onlyError('refusedClose')).toEqual({
      message: 'A recovery case in CLOSED cannot move to IN_REVIEW.',
      locations: [{ line: 1, column: 3 }],
      path: ['refusedClose'],
      extensions: { code: 'CONFLICT', state: 'CLOSED', requested: 'IN_REVIEW', allowedTransitions: ['REOPENED'] },
    });
  });

  it('a rate limit is RATE_LIMITED with retryAfterSeconds', async () => {
    const error = await onlyError('tooManyAttempts');
    expect(error.message).toBe('Too many verification attempts; try again later.');
    expect(error.extensions).toEqual({ code: 'RATE_LIMITED', retryAfterSeconds: 120 });
  });

  it.each([
    ['badEmail', 'The email is not valid.', { code: 'BAD_USER_INPUT', fields: { email: 'must be an email address' } }],
    ['unknownCase', 'No such recovery case.', { code: 'NOT_FOUND' }],
    ['otherTeam', 'This case belongs to another team.', { code: 'FORBIDDEN' }],
    ['reusedKey', 'This idempotency key was used for another request.', { code: 'CONFLICT', idempotencyKey: 'k-1' }],
  ])('%s keeps its message and details', async (field, message, extensions) => {
    const error = await onlyError(field);
    expect(error.message).toBe(message);
    expect(error.extensions).toEqual(extensions);
  });

  it.each([
    ['driverFailure', 'hunter2'],
    ['untaggedGraphqlError', 'cursor 0x7f3a'],
  ])('%s (not a DomainError, no public code) answers INTERNAL_SERVER_ERROR generically and is logged', async (field, secret) => {
    const logged = lines.length;
    const { body } = await askProbe(probe.url(), `{ ${field} }`);
    expect(body.errors).toEqual([
      {
        message: 'Something went wrong on our side; try again later.',
        locations: [{ line: 1, column: 3 }],
        path: [field],
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      },
    ]);
    expect(JSON.stringify(body)).not.toContain(secret);
    const newLines = lines.slice(logged);
    expect(newLines).toContainEqual(
      expect.objectContaining({ msg: 'unexpected error while resolving a request', path: [field] }),
    );
  });
});
