import { RequestValidationError } from '@po-sync/auth';

/** A keyset position: the sort values of the last row of a page (text or null, in sort order). */
export type CursorValues = (string | null)[];

/**
 * Cursors are opaque to clients (base64url JSON) and tagged with the list they belong to, so a
 * cursor from one list or a hand-edited one is a 400 rather than a silently wrong page.
 */
export function encodeCursor(list: string, values: CursorValues): string {
  return Buffer.from(JSON.stringify({ l: list, v: values }), 'utf8').toString('base64url');
}

const INVALID = (list: string) =>
  new RequestValidationError([
    `query.cursor is not a cursor of this list (${list}); pass the nextCursor of a previous page unchanged, or omit it to start again`,
  ]);

export function decodeCursor(list: string, cursor: string, arity: number): CursorValues {
  let decoded: unknown;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw INVALID(list);
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw INVALID(list);
  }
  const { l, v } = (decoded ?? {}) as { l?: unknown; v?: unknown };
  if (
    l !== list ||
    !Array.isArray(v) ||
    v.length !== arity ||
    !v.every((x) => x === null || (typeof x === 'string' && x.length <= 1024))
  )
    throw INVALID(list);
  return v as CursorValues;
}
