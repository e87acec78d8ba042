import { describe, expect, it } from 'vitest';
import { DomainError } from '../src/domain/domain-error.js';
import { connectionFrom, decodeCursor, encodeCursor, mapConnection, pageSize } from '../src/server/connection.js';

const LIMITS = { defaultFirst: 50, maxFirst: 200 };

describe('connections (one paging convention)', () => {
  it('takes the documented default and refuses a first outside 1..max as BAD_USER_INPUT, never a silent cap', () => {
    expect(pageSize(undefined, LIMITS)).toBe(50);
    expect(pageSize(null, LIMITS)).toBe(50);
    expect(pageSize(200, LIMITS)).toBe(200);
    for (const first of [0, -1, 201, 1.5, Number.NaN]) {
      const refused = (() => {
        try {
          pageSize(first, LIMITS);
          return undefined;
        } catch (err) {
          return err;
        }
      })();
      expect(refused).toBeInstanceOf(DomainError);
      expect(refused).toMatchObject({ code: 'BAD_USER_INPUT', details: { fields: { first: '1..200' } } });
    }
  });

  it('round-trips a position key and refuses what is not a bounded base64url cursor', () => {
    const key = '1767225600123:65f000000000000000000001';
    expect(decodeCursor(encodeCursor(key))).toBe(key);
    expect(decodeCursor('')).toBeNull();
    expect(decodeCursor('not a cursor!')).toBeNull();
    expect(decodeCursor('a'.repeat(201))).toBeNull();
  });

  it('reads first + 1 rows: the extra one only says there is a next page', () => {
    const cursorOf = (n: number) => `c${n}`;
    expect(connectionFrom([1, 2, 3], 2, cursorOf)).toEqual({
      edges: [
        { cursor: 'c1', node: 1 },
        { cursor: 'c2', node: 2 },
      ],
      pageInfo: { hasNextPage: true, endCursor: 'c2' },
    });
    expect(connectionFrom([1, 2], 2, cursorOf).pageInfo).toEqual({ hasNextPage: false, endCursor: 'c2' });
    expect(connectionFrom([], 2, cursorOf)).toEqual({ edges: [], pageInfo: { hasNextPage: false } });
  });

  it('maps nodes without touching cursors or pageInfo', () => {
    const page = connectionFrom([1, 2, 3], 2, (n) => `c${n}`);
    expect(mapConnection(page, (n) => n * 10)).toEqual({
      edges: [
        { cursor: 'c1', node: 10 },
        { cursor: 'c2', node: 20 },
      ],
      pageInfo: page.pageInfo,
    });
  });
});
