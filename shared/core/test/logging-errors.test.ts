import { Writable } from 'node:stream';
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { createFormatError, createLogger, forbidden, maskEmail, maskPhone } from '../src/index.js';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, logger: createLogger({ name: 'test', level: 'info', destination }) };
}

describe('createLogger', () => {
  it('writes JSON and redacts credentials and PII', () => {
    const { lines, logger } = capture();
    logger.info(
      {
        req: { headers: { authorization: 'Bearer abc.def' } },
        email: 'jordan@example.com',
        account: { phone: '+15555550123', ip: '203.0.113.9' },
        token: 't0k',
      },
      'hello',
    );
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(line.msg).toBe('hello');
    const text = lines[0]!;
    for (const secret of ['abc.def', 'jordan@example.com', '+15555550123', '203.0.113.9', 't0k'])
      expect(text).not.toContain(secret);
    expect(text).toContain('[redacted]');
  });
});

describe('createFormatError', () => {
  const { lines, logger } = capture();
  const formatError = createFormatError(logger);

  it('passes coded client errors without stack traces', () => {
    const error = forbidden('You have no access to tenant "acme".');
    const formatted = formatError({ message: error.message, extensions: { code: 'FORBIDDEN', stacktrace: ['at x'] } }, error);
    expect(formatted).toEqual({ message: 'You have no access to tenant "acme".', extensions: { code: 'FORBIDDEN' } });
  });

  it('replaces internal errors with a generic message and logs the original', () => {
    const original = new Error('connection to 10.0.0.5:27017 refused');
    const wrapped = new GraphQLError(original.message, { originalError: original, path: ['account'] });
    const formatted = formatError(
      { message: wrapped.message, path: ['account'], extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at y'] } },
      wrapped,
    );
    expect(formatted).toEqual({
      message: 'Something went wrong on our side; try again later.',
      path: ['account'],
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(JSON.stringify(formatted)).not.toContain('10.0.0.5');
    expect(lines.some((line) => line.includes('10.0.0.5'))).toBe(true);
  });
});

describe('masking', () => {
  it('keeps what an agent needs to confirm and hides the rest', () => {
    expect(maskEmail('jordan.rivera@example.com')).toBe('j***@example.com');
    expect(maskEmail('nonsense')).toBe('***');
    expect(maskPhone('+15555550123')).toBe('+1******0123');
    expect(maskPhone('+1 (555) 555-4567')).toBe('+1******4567');
    expect(maskPhone('123')).toBe('***');
  });
});
