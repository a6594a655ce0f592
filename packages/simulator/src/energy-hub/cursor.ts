/**
 * Opaque Relay cursors. A cursor holds the sort key of the last item seen, not an offset, so a page
 * walk stays correct while items are added: alarms arriving later sort after every existing one.
 */

export interface ThingCursor {
  kind: 'thing';
  order: number;
}

export interface AlarmCursor {
  kind: 'alarm';
  startTime: number;
  id: string;
}

export type Cursor = ThingCursor | AlarmCursor;

export function encodeCursor(cursor: Cursor): string {
  const payload = cursor.kind === 'thing' ? ['t', cursor.order] : ['a', cursor.startTime, cursor.id];
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

/** The cursor, or undefined when the text is not one this server issued for that kind of list. */
export function decodeCursor<K extends Cursor['kind']>(
  text: string,
  kind: K,
): Extract<Cursor, { kind: K }> | undefined {
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(payload)) return undefined;
  const [tag, a, b] = payload as unknown[];
  if (kind === 'thing' && tag === 't' && Number.isInteger(a) && payload.length === 2) {
    return { kind: 'thing', order: a as number } as Extract<Cursor, { kind: K }>;
  }
  if (
    kind === 'alarm' &&
    tag === 'a' &&
    Number.isFinite(a) &&
    typeof b === 'string' &&
    payload.length === 3
  ) {
    return { kind: 'alarm', startTime: a as number, id: b } as Extract<Cursor, { kind: K }>;
  }
  return undefined;
}
