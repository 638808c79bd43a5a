/** Entries on an order's timeline (LedgerEvent rows). Each has a unique key, so writing one twice is harmless. */
import type { Db } from "../../db/client";
import { isUniqueViolation } from "./dbErrors";

export interface TimelineEntry {
  shopId: string;
  orderGid: string;
  kind: "order" | "payment" | "refund" | "dispute" | "message" | "fee" | "pause" | "note" | "promise" | "renewal";
  sourceKey: string;
  amountMinor: number;
  currency: string;
  occurredAt: Date;
  webhookId?: string;
  detail: Record<string, unknown>;
}

/** The row an entry is stored as. */
export function timelineRow(entry: TimelineEntry) {
  return { ...entry, amountMinor: BigInt(entry.amountMinor), detail: JSON.stringify(entry.detail) };
}

/** true when written, false when the entry was already there */
export async function recordTimelineEntry(db: Db, entry: TimelineEntry): Promise<boolean> {
  try {
    await db.ledgerEvent.create({ data: timelineRow(entry) });
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}
