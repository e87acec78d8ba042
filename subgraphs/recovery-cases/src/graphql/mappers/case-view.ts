import { maskContactAddress } from '@vigil/core';
import type { RegisteredChannel } from '../../domain/reset-token.js';
import type { RecoveryCaseRecord } from '../../application/case-record.js';
import type { RecoveryCaseType } from '../types/case.types.js';

/** The stored case as the GraphQL type reads it (the record's `_id` is the entity id). */
export function toCaseView(record: RecoveryCaseRecord): RecoveryCaseType & { readonly record: RecoveryCaseRecord } {
  return { ...record, id: record._id, record } as RecoveryCaseType & { readonly record: RecoveryCaseRecord };
}

/** Where a code or link went, masked for every role: it is read back to the caller to confirm. */
export function maskChannel(channel: RegisteredChannel): string {
  return maskContactAddress(channel.address);
}
