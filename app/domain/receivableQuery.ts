/** How the receivables list can be filtered and sorted: shared by the screen and the query. */
import type { AgingBucket } from "./aging";
import type { ReceivableKind } from "./renewals";
import { decodeKeyset, encodeKeyset, type Cursor } from "./keyset";

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
  /** orders only, or failed subscription renewals only */
  kind?: ReceivableKind;
}

export const RECEIVABLE_SORTS = ["due_asc", "due_desc", "outstanding_desc", "outstanding_asc"] as const;
export type ReceivableSort = (typeof RECEIVABLE_SORTS)[number];

/** The sort key of a row: its due date, or what is outstanding (an integer of minor units). */
export type SortValue = Date | bigint;

export const SORT_COLUMN: Record<ReceivableSort, { column: "dueAt" | "outstandingMinor"; descending: boolean }> = {
  due_asc: { column: "dueAt", descending: false }, due_desc: { column: "dueAt", descending: true },
  outstanding_desc: { column: "outstandingMinor", descending: true }, outstanding_asc: { column: "outstandingMinor", descending: false },
};

/** A page boundary of the list (app/domain/keyset.ts): its value is the sort column's. */
export type ReceivableCursor = Cursor<SortValue>;

export function encodeCursor(cursor: ReceivableCursor): string {
  return encodeKeyset(cursor);
}

/** null for a cursor that is not one this list wrote (tampered or from another sort). */
export function decodeCursor(text: string, sort: ReceivableSort): ReceivableCursor | null {
  return decodeKeyset(text, SORT_COLUMN[sort].column === "dueAt" ? "date" : "integer") as ReceivableCursor | null;
}
