/** Arrangements as the admin lists them, with each instalment's progress worked out. */
import type { Db } from "../../db/client";
import { arrangementState } from "../../domain/arrangements";

export async function listArrangements(db: Db, shopId: string, now: Date) {
  const rows = await db.arrangement.findMany({
    where: { shopId }, orderBy: [{ createdAt: "desc" }], take: 200,
    include: { instalments: { orderBy: { seq: "asc" } }, receivable: { select: { orderName: true, outstandingMinor: true, status: true } } },
  });
  return rows.map((a) => {
    const planned = a.instalments.map((i) => ({ seq: i.seq, amountMinor: Number(i.amountMinor), dueAt: i.dueAt }));
    const paid = a.receivable.status === "paid" ? Number(a.totalMinor) : Number(a.startOutstandingMinor - a.receivable.outstandingMinor);
    const state = arrangementState(planned, paid, a.graceDays, now);
    return {
      id: a.id, order: a.receivable.orderName, status: a.status, source: a.source, currency: a.currency,
      totalMinor: Number(a.totalMinor), paidMinor: Math.max(0, paid),
      instalments: state.instalments.map((i) => ({ seq: i.seq, amountMinor: i.amountMinor, paidMinor: i.paidMinor, dueAt: i.dueAt.toISOString(), status: i.status })),
    };
  });
}
