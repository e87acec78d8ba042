import { Binary } from 'bson';
import { describe, expect, it } from 'vitest';
import { Storage } from '../src/storage/storage.js';
import { SESSION_TIMEOUT_MS, SessionRegistry, TRANSACTION_LIFETIME_MS } from '../src/txn/sessions.js';

const lsid = { id: new Binary(Buffer.alloc(16, 7), 4) };

describe('session registry', () => {
  it('aborts transactions past their lifetime and forgets idle sessions', () => {
    const sessions = new SessionRegistry();
    const txn = sessions.transactionFor({ insert: 'x', lsid, txnNumber: 1, autocommit: false, startTransaction: true });
    expect(txn?.state).toBe('active');
    sessions.expire(Date.now() + TRANSACTION_LIFETIME_MS / 2);
    expect(txn?.state).toBe('active');
    sessions.expire(Date.now() + TRANSACTION_LIFETIME_MS + 1_000);
    expect(txn?.state).toBe('aborted');
    // Later statements of the aborted transaction get NoSuchTransaction (retryable by withTransaction).
    expect(() => sessions.transactionFor({ find: 'x', lsid, txnNumber: 1, autocommit: false })).toThrow(/has been aborted/);
    sessions.expire(Date.now() + SESSION_TIMEOUT_MS + 1_000);
    // The session is forgotten: its last transaction number no longer constrains a new one.
    expect(sessions.transactionFor({ insert: 'x', lsid, txnNumber: 0, autocommit: false, startTransaction: true })?.state).toBe(
      'active',
    );
  });

  it('refuses a transaction number older than the current one, and statements after commit', () => {
    const sessions = new SessionRegistry();
    sessions.transactionFor({ insert: 'x', lsid, txnNumber: 5, autocommit: false, startTransaction: true });
    expect(() => sessions.transactionFor({ insert: 'x', lsid, txnNumber: 4, autocommit: false, startTransaction: true })).toThrow(
      /less than/,
    );
    const txn = sessions.existingTransaction({ commitTransaction: 1, lsid, txnNumber: 5 });
    txn.commit(new Storage());
    expect(() => sessions.transactionFor({ insert: 'x', lsid, txnNumber: 5, autocommit: false })).toThrow(/has been committed/);
  });
});
