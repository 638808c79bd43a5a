/** The reports page's renewal figures: recovery per failure reason and per retry day, and the revenue recovered. */
import type { Db } from "../../db/client";
import { recoveryByDay, recoveryByErrorCode } from "../../domain/renewalStats";

export async function renewalReport(db: Db, shop: { id: string; currency: string }) {
  const rows = await db.subscriptionRenewal.findMany({
    where: { shopId: shop.id },
    select: { errorCode: true, outcome: true, firstFailedAt: true, recoveredAt: true, receivable: { select: { totalMinor: true, currency: true } } },
  });
  // amounts in the shop's currency only: a sum across currencies would be no amount at all
  const facts = rows.map((r) => ({
    errorCode: r.errorCode, outcome: r.outcome, firstFailedAt: r.firstFailedAt, recoveredAt: r.recoveredAt,
    amountMinor: r.receivable.currency === shop.currency ? Number(r.receivable.totalMinor) : 0,
  }));
  const byCode = recoveryByErrorCode(facts);
  return {
    failed: facts.length,
    recovered: byCode.reduce((sum, r) => sum + r.recovered, 0),
    recoveredMinor: byCode.reduce((sum, r) => sum + r.recoveredMinor, 0),
    byCode,
    byDay: recoveryByDay(facts),
  };
}
