import { MongoCommandError, noSuchTransaction } from '../errors.js';
import type { CommandHandler } from './context.js';
import { adminOnly } from './admin.js';

/** `commitTransaction` is retryable: committing an already committed transaction answers ok again. */
export const commitTransaction: CommandHandler = (ctx) => {
  adminOnly(ctx, 'commitTransaction');
  const txn = ctx.sessions.existingTransaction(ctx.command);
  if (txn.state === 'committed') return { ok: 1 };
  if (txn.state === 'aborted') throw noSuchTransaction(String(txn.txnNumber));
  txn.commit(ctx.storage);
  return { ok: 1 };
};

export const abortTransaction: CommandHandler = (ctx) => {
  adminOnly(ctx, 'abortTransaction');
  const txn = ctx.sessions.existingTransaction(ctx.command);
  if (txn.state === 'committed') {
    throw new MongoCommandError(
      256,
      'TransactionCommitted',
      `Transaction with { txnNumber: ${txn.txnNumber} } has been committed.`,
    );
  }
  if (txn.state === 'aborted') throw noSuchTransaction(String(txn.txnNumber));
  txn.abort();
  return { ok: 1 };
};
