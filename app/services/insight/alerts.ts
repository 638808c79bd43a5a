/** Raising monitoring alerts; each has a key, so the same event never alerts twice. */
import type { Db } from "../../db/client";
import { isUniqueViolation } from "../ledger/dbErrors";

export type AlertKind = "first_overdue" | "over_limit" | "risk_rose" | "arrangement_broken" | "dispute_sla" | "promise_broken" | "bank_review" | "screening";

export async function raiseAlert(
  db: Db, alert: { shopId: string; kind: AlertKind; key: string; message: string; customerId?: string | null; receivableId?: string | null }, now: Date,
): Promise<boolean> {
  try {
    await db.alert.create({ data: { ...alert, createdAt: now } });
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}
