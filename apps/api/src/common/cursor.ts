import { DomainError } from './domain-error';

/** Opaque page cursors: the position after which the next page starts, as base64url JSON. */
export function encodeCursor(position: unknown): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

/** Decodes a cursor and checks its shape; a tampered or foreign cursor is a 400 naming `cursor`. */
export function decodeCursor<T>(cursor: string, valid: (value: unknown) => value is T): T {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  if (!valid(value)) throw new DomainError('bad-request', 'INVALID_CURSOR', 'cursor is malformed', 'cursor');
  return value;
}

/** Fetches `limit + 1` rows to know whether another page follows. */
export function pageOf<T>(rows: T[], limit: number, positionOf: (last: T) => unknown): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? encodeCursor(positionOf(items[items.length - 1])) : null };
}
