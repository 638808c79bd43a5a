/**
 * Keyset pages in Prisma's query shapes: the rows beyond a cursor (app/domain/keyset.ts) in the
 * sort's order, the id breaking ties, and the cursors of the neighbouring pages. A nullable sort
 * column keeps its empty values at the end of the forward order, on SQLite and PostgreSQL alike.
 */
import { encodeKeyset, type Cursor, type KeyValue } from "../domain/keyset";

export interface KeysetSort {
  column: string;
  descending: boolean;
  nullable?: boolean;
}

type Where = Record<string, unknown>;

/** The where-clause beyond the cursor and the order to read in (reversed when going back). */
export function keysetQuery(sort: KeysetSort, cursor: Cursor | null | undefined): { beyond: Where; orderBy: Where[] } {
  const backwards = cursor?.direction === "before";
  // travelling backwards, the page is read in the opposite order and turned round
  const ascending = sort.descending === backwards;
  const { column } = sort;
  const direction = ascending ? "asc" : "desc";
  const orderBy = [
    { [column]: sort.nullable ? { sort: direction, nulls: backwards ? "first" : "last" } : direction },
    { id: backwards ? "desc" : "asc" },
  ];
  if (!cursor) return { beyond: {}, orderBy };
  const idBeyond = { id: { [backwards ? "lt" : "gt"]: cursor.id } };
  if (cursor.value === null) {
    // empty values come last going forward: after one only more empty ones, before one every value
    return { beyond: backwards ? { OR: [{ [column]: { not: null } }, { [column]: null, ...idBeyond }] } : { [column]: null, ...idBeyond }, orderBy };
  }
  const alternatives: Where[] = [{ [column]: { [ascending ? "gt" : "lt"]: cursor.value } }, { [column]: cursor.value, ...idBeyond }];
  if (sort.nullable && !backwards) alternatives.push({ [column]: null });
  return { beyond: { OR: alternatives }, orderBy };
}

/** One page from the rows read (page size + 1), with the cursors of the pages before and after it. */
export function keysetPage<R extends { id: string }>(found: R[], pageSize: number, cursor: Cursor | null | undefined, valueOf: (row: R) => KeyValue) {
  const backwards = cursor?.direction === "before";
  const more = found.length > pageSize;
  const rows = found.slice(0, pageSize);
  if (backwards) rows.reverse();
  const edge = (row: R | undefined, direction: Cursor["direction"]) => (row ? encodeKeyset({ direction, value: valueOf(row), id: row.id }) : null);
  return {
    rows,
    next: (backwards ? Boolean(cursor) : more) ? edge(rows.at(-1), "after") : null,
    previous: (backwards ? more : Boolean(cursor)) ? edge(rows[0], "before") : null,
  };
}

/**
 * Work started now and awaited later: the next page is read, or a batch's plans written, while
 * the current one is worked on (on PostgreSQL the server works on another core meanwhile). Should
 * the work fail first and nobody await it any more, its failure is not an unhandled rejection.
 */
export function inBackground<T>(work: () => Promise<T>): Promise<T> {
  const pending = work();
  pending.catch(() => undefined);
  return pending;
}
