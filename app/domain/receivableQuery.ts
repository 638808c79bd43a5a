/** How the receivables list can be filtered and sorted: shared by the screen and the query. */
import type { AgingBucket } from "./aging";

export const RECEIVABLE_FILTERS = ["open", "overdue", "paid", "cancelled", "all"] as const;
export type ReceivableFilter = (typeof RECEIVABLE_FILTERS)[number];

export interface ReceivableQuery {
  filter: ReceivableFilter;
  page: number;
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
