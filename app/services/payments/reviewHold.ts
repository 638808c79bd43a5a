/**
 * A transfer that probably pays a customer's orders but waits for a person: the customer's next
 * reminder is held for a day (no "you have not paid" to someone who just did), and staff are told.
 * Deciding the entry lifts the hold at once.
 */
import type { Db } from "../../db/client";
import type { MatchProposal } from "../../domain/bank/matching";
import { formatMoney, type CurrencyCode } from "../../domain/money";
import { DAY_MS } from "../../domain/time";
import { raiseAlert } from "../insight/alerts";

export const REVIEW_HOLD_REASON = "A bank transfer that may pay this order waits for review on the bank screen";

interface HeldEntry {
  id: string;
  shopId: string;
  amountMinor: bigint;
  currency: string;
  counterpartyName: string | null;
}

export async function holdForReview(db: Db, entry: HeldEntry, proposal: MatchProposal, now: Date): Promise<void> {
  if (!proposal.allocations.length) return;
  const until = new Date(now.getTime() + DAY_MS);
  const orders = proposal.customerId
    ? { shopId: entry.shopId, customerId: proposal.customerId, status: "open" }
    : { shopId: entry.shopId, id: { in: proposal.allocations.map((a) => a.receivableId) }, status: "open" };
  await db.receivable.updateMany({
    where: { ...orders, OR: [{ pausedUntil: null }, { pausedUntil: { lt: until } }] },
    data: { pausedUntil: until, pauseReason: REVIEW_HOLD_REASON },
  });
  const first = await db.receivable.findFirst({ where: { id: proposal.allocations[0].receivableId }, select: { orderName: true } });
  await raiseAlert(db, {
    shopId: entry.shopId, kind: "bank_review", key: `bank_review:${entry.id}`, customerId: proposal.customerId,
    receivableId: proposal.allocations[0].receivableId,
    message: `A transfer of ${formatMoney(Number(entry.amountMinor), entry.currency as CurrencyCode)}${entry.counterpartyName ? ` from ${entry.counterpartyName}` : ""} may pay ${first?.orderName ?? "an order"}: reminders wait a day; review it on the bank screen.`,
  }, now);
}

/** The entry was decided: orders held for it go back to their flow now. */
export async function releaseReviewHold(db: Db, shopId: string, proposal: { allocations: { receivableId: string }[]; customerId: string | null }, now: Date): Promise<void> {
  const orders = proposal.customerId ? { customerId: proposal.customerId } : { id: { in: proposal.allocations.map((a) => a.receivableId) } };
  await db.receivable.updateMany({
    where: { shopId, ...orders, pauseReason: REVIEW_HOLD_REASON },
    data: { pausedUntil: null, pauseReason: null, nextActionAt: now },
  });
}
