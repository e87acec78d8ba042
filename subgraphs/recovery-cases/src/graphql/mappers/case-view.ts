import { maskContactAddress } from '@vigil/core';
import type { RegisteredChannel } from '../../domain/reset-token.js';
import type { RecoveryCaseRecord } from '../../application/case-record.js';
import type { RecoveryCaseType } from '../types/case.types.js';

/** The stored case as the GraphQL type reads it (the record's `_id` is the entity id). */
export function toCaseView(record: RecoveryCaseRecord): RecoveryCaseType & { readonly record: RecoveryCaseRecord } {
  return { ...record, id: record._id, record } as RecoveryCaseType & { readonly record: RecoveryCaseRecord };
}

/**
 * A code or reset link sent: when it expires, the channel type and its address masked for every role (read back
 * to the caller to confirm), and the case after the send.
 */
export function toSentView(sent: {
  readonly expiresAt: Date;
  readonly channel: RegisteredChannel;
  readonly record: RecoveryCaseRecord;
}) {
  return {
    expiresAt: sent.expiresAt,
    channelType: sent.channel.type,
    maskedAddress: maskContactAddress(sent.channel.address),
    recoveryCase: toCaseView(sent.record),
  };
}
