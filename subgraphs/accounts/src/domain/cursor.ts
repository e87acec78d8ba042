/**
 * Opaque page cursors: base64url of the last id seen. Pages are ordered by id, so "after" is `_id > id`:
 * stable under inserts, unlike skip/offset.
 */
export function encodeCursor(id: string): string {
  return Buffer.from(`id:${id}`, 'utf8').toString('base64url');
}

/** The id inside a cursor, or undefined when it is not one of ours. */
export function decodeCursor(cursor: string): string | undefined {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  return decoded.startsWith('id:') && decoded.length > 3 ? decoded.slice(3) : undefined;
}

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;
