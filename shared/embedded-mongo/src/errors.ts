/** A MongoDB-style command error: serialised as `{ ok: 0, errmsg, code, codeName }`. */
export class MongoCommandError extends Error {
  constructor(
    readonly code: number,
    readonly codeName: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly errorLabels: string[] = [],
  ) {
    super(message);
  }
}

export const badValue = (message: string) => new MongoCommandError(2, 'BadValue', message);
export const failedToParse = (message: string) => new MongoCommandError(9, 'FailedToParse', message);
export const typeMismatch = (message: string) => new MongoCommandError(14, 'TypeMismatch', message);
export const invalidLength = (message: string) => new MongoCommandError(16, 'InvalidLength', message);
export const namespaceNotFound = (message: string) => new MongoCommandError(26, 'NamespaceNotFound', message);
export const indexNotFound = (message: string) => new MongoCommandError(27, 'IndexNotFound', message);
export const cursorNotFound = (id: string) => new MongoCommandError(43, 'CursorNotFound', `cursor id ${id} not found`);
export const namespaceExists = (message: string) => new MongoCommandError(48, 'NamespaceExists', message);
export const commandNotFound = (name: string) => new MongoCommandError(59, 'CommandNotFound', `no such command: '${name}'`);
export const immutableField = (message: string) => new MongoCommandError(66, 'ImmutableField', message);
export const invalidOptions = (message: string) => new MongoCommandError(72, 'InvalidOptions', message);
export const indexOptionsConflict = (message: string) => new MongoCommandError(85, 'IndexOptionsConflict', message);
export const indexKeySpecsConflict = (message: string) => new MongoCommandError(86, 'IndexKeySpecsConflict', message);
export const writeConflict = () =>
  new MongoCommandError(
    112,
    'WriteConflict',
    'Write conflict during plan execution and yielding is disabled. :: Please retry your operation or multi-document transaction.',
    {},
    ['TransientTransactionError'],
  );
export const noSuchTransaction = (txnNumber: string) =>
  new MongoCommandError(251, 'NoSuchTransaction', `Transaction with { txnNumber: ${txnNumber} } has been aborted.`, {}, [
    'TransientTransactionError',
  ]);
export const invalidNamespace = (message: string) => new MongoCommandError(73, 'InvalidNamespace', message);

export const DUPLICATE_KEY = 11000;
