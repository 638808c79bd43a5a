/** How the receivables list can be filtered and sorted: shared by the screen and the query. */
import type { AgingBucket } from "./aging";

export const RECEIVABLE_FILTERS = ["open", "overdue", "paid", "cancelled", "all"] as const;
export type ReceivableFilter = (typeof RECEIVABLE_FILTERS)[number];

export interface ReceivableQuery {
  filter: ReceivableFilter;
  /** where the page starts: after or before a row (keyset), none for the first page */
  cursor?: ReceivableCursor | null;
  pageSize: number;
  /** order name or customer name / email / company */
  search?: string;
  country?: string;
  minOutstandingMinor?: number;
  segmentId?: string;
  /** receivables with an open dispute assigned to this staff member */
  assignee?: string;
  bucket?: AgingBucket;
  sort?: ReceivableSort;
}

export const RECEIVABLE_SORTS = ["due_asc", "due_desc", "outstanding_desc", "outstanding_asc"] as const;
export type ReceivableSort = (typeof RECEIVABLE_SORTS)[number];

/** The sort key of a row: its due date, or what is outstanding (an integer of minor units). */
export type SortValue = Date | bigint;

export const SORT_COLUMN: Record<ReceivableSort, { column: "dueAt" | "outstandingMinor"; descending: boolean }> = {
  due_asc: { column: "dueAt", descending: false }, due_desc: { column: "dueAt", descending: true },
  outstanding_desc: { column: "outstandingMinor", descending: true }, outstanding_asc: { column: "outstandingMinor", descending: false },
};

/**
 * A page boundary of the list (keyset pagination): the sort value and id of the last row shown
 * (`after`, for the next page) or the first (`before`, for the previous). Deep pages cost what the
 * first costs, which an offset does not.
 */
export interface ReceivableCursor {
  direction: "after" | "before";
  value: SortValue;
  id: string;
}

/** As it travels in the URL: `a.<value>.<id>` or `b.<value>.<id>` (value: ISO date or minor units). */
export function encodeCursor(cursor: ReceivableCursor): string {
  const value = cursor.value instanceof Date ? cursor.value.toISOString() : cursor.value.toString();
  return `${cursor.direction === "after" ? "a" : "b"}.${value}.${cursor.id}`;
}

/** null for a cursor that is not one this list wrote (tampered or from another sort). */
export function decodeCursor(text: string, sort: ReceivableSort): ReceivableCursor | null {
  const last = text.lastIndexOf(".");
  const [direction, raw, id] = [text.slice(0, 2), text.slice(2, last), text.slice(last + 1)];
  if ((direction !== "a." && direction !== "b.") || !/^[A-Za-z0-9_-]{1,64}$/.test(id)) return null;
  let value: SortValue;
  if (SORT_COLUMN[sort].column === "dueAt") {
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(raw)) return null;
    value = new Date(raw);
    if (Number.isNaN(value.getTime())) return null;
  } else {
    if (!/^-?\d{1,18}$/.test(raw)) return null;
    value = BigInt(raw);
  }
  return { direction: direction === "a." ? "after" : "before", value, id };
}
