import { maskEmail, maskPhone } from '@vigil/core';
import type { RegisteredChannel } from '../domain/reset-token.js';
import type { RecoveryCaseRecord } from '../models/recovery-case.js';
import type { RecoveryCaseType } from './types/case.types.js';

/** The stored case as the GraphQL type reads it (the record's `_id` is the entity id). */
export function toCaseView(record: RecoveryCaseRecord): RecoveryCaseType & { readonly record: RecoveryCaseRecord } {
  return { ...record, id: record._id, record } as RecoveryCaseType & { readonly record: RecoveryCaseRecord };
}

export function maskChannel(channel: RegisteredChannel): string {
  return channel.type === 'EMAIL' ? maskEmail(channel.address) : maskPhone(channel.address);
}

/** Contact values are emails or phone numbers; mask them the way each is read back to a caller. */
export function maskContactValue(value: string): string {
  return value.includes('@') ? maskEmail(value) : maskPhone(value);
}
