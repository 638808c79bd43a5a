/**
 * A transfer that probably pays a customer's orders but waits for a person: the customer's next
 * reminder is held for a day (no "you have not paid" to someone who just did), and staff are told.
 * Deciding the entry lifts the hold at once.
 */
import type { Db } from "../../db/client";
import type { MatchProposal } from "../../domain/bank/matching";
import { DAY_MS } from "../../domain/time";
import { alertRow, raiseAlert } from "../insight/alerts";
import { isUniqueViolation } from "../ledger/dbErrors";

export const REVIEW_HOLD_REASON = "A bank transfer that may pay this order waits for review on the bank screen";

interface HeldEntry {
  id: string;
  amountMinor: bigint;
  currency: string;
  counterpartyName: string | null;
}

/** Holds the orders of the entries waiting for review (a batch of them), with an alert each. */
export async function holdForReview(db: Db, shopId: string, waiting: { entry: HeldEntry; proposal: MatchProposal }[], now: Date): Promise<void> {
  const proposed = waiting.filter((w) => w.proposal.allocations.length > 0);
  if (!proposed.length) return;
  const until = new Date(now.getTime() + DAY_MS);
  const customers = [...new Set(proposed.map((w) => w.proposal.customerId).filter((id): id is string => id !== null))];
  const orders = proposed.filter((w) => !w.proposal.customerId).flatMap((w) => w.proposal.allocations.map((a) => a.receivableId));
  const notHeldLonger = { status: "open", OR: [{ pausedUntil: null }, { pausedUntil: { lt: until } }] };
  if (customers.length) await db.receivable.updateMany({ where: { shopId, customerId: { in: customers }, ...notHeldLonger }, data: { pausedUntil: until, pauseReason: REVIEW_HOLD_REASON } });
  if (orders.length) await db.receivable.updateMany({ where: { shopId, id: { in: orders }, ...notHeldLonger }, data: { pausedUntil: until, pauseReason: REVIEW_HOLD_REASON } });
  const names = new Map((await db.receivable.findMany({
    where: { shopId, id: { in: proposed.map((w) => w.proposal.allocations[0].receivableId) } }, select: { id: true, orderName: true },
  })).map((r) => [r.id, r.orderName]));
  const alerts = proposed.map(({ entry, proposal }) => ({
    shopId, key: `bank_review:${entry.id}`, customerId: proposal.customerId, receivableId: proposal.allocations[0].receivableId,
    words: {
      text: "bank_review" as const, amountMinor: Number(entry.amountMinor), currency: entry.currency,
      from: entry.counterpartyName, order: names.get(proposal.allocations[0].receivableId) ?? null,
    },
  }));
  try {
    await db.alert.createMany({ data: alerts.map((a) => alertRow(a, now)) });
  } catch (error) {
    // an entry matched again after a crash already has its alert: one by one, each raised once
    if (!isUniqueViolation(error)) throw error;
    for (const alert of alerts) await raiseAlert(db, alert, now);
  }
}

/** The entry was decided: orders held for it go back to their flow now. */
export async function releaseReviewHold(db: Db, shopId: string, proposal: { allocations: { receivableId: string }[]; customerId: string | null }, now: Date): Promise<void> {
  const orders = proposal.customerId ? { customerId: proposal.customerId } : { id: { in: proposal.allocations.map((a) => a.receivableId) } };
  await db.receivable.updateMany({
    where: { shopId, ...orders, pauseReason: REVIEW_HOLD_REASON },
    data: { pausedUntil: null, pauseReason: null, nextActionAt: now },
  });
}
