import { describe, expect, it } from 'vitest';
import { DomainError } from '../src/domain/domain-error.js';
import { afterKey, checkFirst, connectionFrom, decodeCursor, encodeCursor } from '../src/server/connection.js';

describe('connections (one paging convention)', () => {
  it('round-trips a sort key through an opaque cursor and rejects strings that are not ours', () => {
    expect(decodeCursor(encodeCursor('1700000000000:case-1'))).toBe('1700000000000:case-1');
    expect(encodeCursor('acc-1')).not.toContain('acc-1');
    expect(decodeCursor('nope')).toBeUndefined();
    expect(decodeCursor(Buffer.from('c:').toString('base64url'))).toBeUndefined();
  });

  it('answers BAD_USER_INPUT for a first outside 1…max, never a silent cap', () => {
    for (const first of [0, -1, 201, 1.5]) {
      const refused = (() => {
        try {
          checkFirst(first, 200);
          return undefined;
        } catch (error) {
          return error;
        }
      })();
      expect(refused).toBeInstanceOf(DomainError);
      expect((refused as DomainError).code).toBe('BAD_USER_INPUT');
    }
    expect(() => checkFirst(200, 200)).not.toThrow();
    expect(() => afterKey('not-a-cursor')).toThrow(/not a cursor/);
    expect(afterKey(undefined)).toBeUndefined();
  });

  it('pages with one extra item telling whether a next page exists', () => {
    const full = connectionFrom(['a', 'b', 'c'], 2, (item) => item);
    expect(full.edges.map((edge) => edge.node)).toEqual(['a', 'b']);
    expect(full.pageInfo).toEqual({ hasNextPage: true, endCursor: encodeCursor('b') });
    const last = connectionFrom(['c'], 2, (item) => item);
    expect(last.pageInfo).toEqual({ hasNextPage: false, endCursor: encodeCursor('c') });
    expect(connectionFrom([], 2, (item: string) => item).pageInfo).toEqual({ hasNextPage: false, endCursor: null });
  });
});
