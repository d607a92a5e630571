import { DomainError } from './domain-error.ts';

export interface Page<T> {
  data: T[];
  has_more: boolean;
  next_cursor: string | null;
}

/** Cursors are opaque to clients: the last id seen, base64url-encoded. */
export const encodeCursor = (lastId: string): string => Buffer.from(`v1:${lastId}`).toString('base64url');

export function decodeCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  const text = Buffer.from(cursor, 'base64url').toString();
  // Decoded bytes may hold a NUL, which PostgreSQL refuses in a text parameter: such a cursor was never ours.
  if (!text.startsWith('v1:') || text.length < 4 || text.length > 100 || text.includes('\u0000')) {
    throw new DomainError('validation_error', 'cursor is not one this API returned', [{ field: 'cursor', message: 'invalid cursor' }]);
  }
  return text.slice(3);
}

/** Builds a page from `limit + 1` rows fetched in id order. */
export function toPage<R extends { id: string }, T>(rows: R[], limit: number, view: (row: R) => T): Page<T> {
  const hasMore = rows.length > limit;
  const kept = hasMore ? rows.slice(0, limit) : rows;
  const last = kept[kept.length - 1];
  return { data: kept.map(view), has_more: hasMore, next_cursor: hasMore && last ? encodeCursor(last.id) : null };
}
