import { BUILT_IN_EVENT_TYPES, EventTaxonomy, requiredWriterOf } from '@vigil/core';
import { describe, expect, it } from 'vitest';
import { DETECTION_EVENT_TYPES, DETECTION_TYPE_PREFIXES, toDetectionEvent } from '../../src/domain/detection-event.js';
import { activity } from '../support/events.js';

/**
 * One vocabulary: every event type a rule reads must be one activity-logs ingests (the shared taxonomy in
 * @vigil/core). Client types must resolve for a client (INGEST); Vigil-written ones (agent.action.*) for Vigil.
 */
describe('detection reads only types the shared taxonomy accepts', () => {
  const taxonomy = new EventTaxonomy();

  it.each(DETECTION_EVENT_TYPES.map((type) => [type]))('%s resolves for its writer', (type) => {
    const resolution = taxonomy.resolve(type, requiredWriterOf(type));
    expect(resolution.ok, JSON.stringify(resolution)).toBe(true);
  });

  it('unlock requests, Okta push denial, address change and recovery events can be sent by clients', () => {
    for (const type of [
      'user.account.unlock.requested',
      'user.account.unlock_token',
      'user.mfa.okta_verify.deny_push',
      'account.contact.address_changed',
      'recovery.case.opened',
      'recovery.verification.failed',
    ]) {
      expect(DETECTION_EVENT_TYPES).toContain(type);
      expect(taxonomy.resolve(type, 'CLIENT').ok).toBe(true);
    }
  });

  it('every prefix detection reads covers built-in types, and each of those gets a kind when it carries its data', () => {
    for (const prefix of DETECTION_TYPE_PREFIXES) {
      const covered = BUILT_IN_EVENT_TYPES.filter((definition) => definition.type.startsWith(prefix));
      expect(covered.length, prefix).toBeGreaterThan(0);
    }
    const failed = toDetectionEvent(activity({ type: 'user.authentication.failed', outcome: 'FAILURE' }));
    expect(failed.kinds).toEqual(['LOGIN_FAILED']);
    const payment = toDetectionEvent(activity({ type: 'transaction.payment.created', metadata: { amount: 10 } }));
    expect(payment.kinds).toEqual(['TRANSACTION']);
  });

  it('each exact type maps to at least one rule kind (no dead vocabulary)', () => {
    const withData = (type: string) =>
      activity({ type, outcome: type.endsWith('failed') ? 'FAILURE' : 'SUCCESS', metadata: { caseId: 'c1', result: 'FAILED' } });
    const unmapped = DETECTION_EVENT_TYPES.filter((type) => toDetectionEvent(withData(type)).kinds.length === 0);
    expect(unmapped).toEqual([]);
  });
});
