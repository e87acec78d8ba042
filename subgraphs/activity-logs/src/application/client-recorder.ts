/**
 * The provenance of a client ingestion path (ADR 145): CLIENT and the caller's verified subject. A token's subject
 * may be up to 256 characters of anything (core's claims), but it goes into every event the client records, in the
 * chain and in exports: it must be an id like the event's others, or nothing is recorded (no truncation, which could
 * make two principals one).
 */
import { notAllowed, type Identity } from '@vigil/core';
import { isRecorderId, type RecordedBy } from '../domain/recorded-by.js';

export function clientRecorder(identity: Identity): RecordedBy {
  if (!isRecorderId(identity.subject)) {
    // The subject itself is not echoed: it is the caller's own credential data, and unbounded in the message.
    throw notAllowed(
      "Your token's subject cannot be recorded as who recorded these events: it must be 1-128 letters, digits and _ . : @ | -. Ask for a service principal with such an id.",
    );
  }
  return { kind: 'CLIENT', id: identity.subject };
}
