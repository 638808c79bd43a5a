/**
 * The review queue: bank credits the matcher was not sure enough about. Staff accept the proposal,
 * put the money on other orders (split over several if need be), or mark the entry as not ours.
 * Every action checks that the entry and the orders belong to the shop and still need it.
 */
import type { Db } from "../../db/client";
import type { Allocation } from "../../domain/bank/matching";
import { AllocationInputError, parseAllocationInput } from "../../domain/bank/allocationInput";
import { asCurrency, parseMinor } from "../../domain/money";
import type { ShopRef } from "../ledger/ledgerStore";
import { applyEntry } from "./bankMatching";
import { releaseReviewHold } from "./reviewHold";

export class ReviewError extends Error {
  override name = "ReviewError";
}

const OPEN_FOR_REVIEW = ["review", "unmatched"];

async function openEntry(db: Db, shopId: string, entryId: string) {
  const entry = await db.bankEntry.findFirst({ where: { id: entryId, shopId } });
  if (!entry) throw new ReviewError("no such bank entry");
  if (!OPEN_FOR_REVIEW.includes(entry.status)) throw new ReviewError(`this entry is already ${entry.status.replace("_", " ")}`);
  if (entry.direction !== "credit" || entry.reversal) throw new ReviewError("only incoming transfers can be put on orders");
  return entry;
}

/** Checks staff's allocations against the orders as they are now; a surplus needs one customer to keep it for. */
async function checkedAllocations(db: Db, shopId: string, entry: { amountMinor: bigint; currency: string }, allocations: readonly Allocation[]) {
  const receivables = await db.receivable.findMany({ where: { shopId, id: { in: allocations.map((a) => a.receivableId) } } });
  const byId = new Map(receivables.map((r) => [r.id, r]));
  let total = 0;
  for (const allocation of allocations) {
    const receivable = byId.get(allocation.receivableId);
    if (!receivable) throw new ReviewError("an order is not one of this shop's");
    if (receivable.status !== "open") throw new ReviewError(`order ${receivable.orderName} is ${receivable.status}`);
    if (receivable.currency !== entry.currency) throw new ReviewError(`order ${receivable.orderName} is in ${receivable.currency}, the transfer in ${entry.currency}`);
    if (allocation.amountMinor <= 0) throw new ReviewError(`the amount for ${receivable.orderName} must be positive`);
    if (allocation.amountMinor > Number(receivable.outstandingMinor)) throw new ReviewError(`order ${receivable.orderName} owes less than that`);
    total += allocation.amountMinor;
  }
  if (total > Number(entry.amountMinor)) throw new ReviewError("the orders take more than the transfer brought in");
  const customers = new Set(receivables.map((r) => r.customerId));
  const customerId = customers.size === 1 ? [...customers][0] : null;
  const creditMinor = Number(entry.amountMinor) - total;
  if (creditMinor > 0 && !customerId) throw new ReviewError("the rest of the transfer can only be kept as credit for one customer: put it all on orders of one customer");
  return { customerId, creditMinor };
}

async function apply(db: Db, shop: ShopRef, entryId: string, allocations: Allocation[], now: Date, canWriteBack: boolean) {
  const entry = await openEntry(db, shop.id, entryId);
  if (!allocations.length) throw new ReviewError("nothing to apply: choose the orders this transfer pays");
  const { customerId, creditMinor } = await checkedAllocations(db, shop.id, entry, allocations);
  // claim the entry first: a second click or a second tab finds it matched and stops
  const claimed = await db.bankEntry.updateMany({
    where: { id: entry.id, shopId: shop.id, status: { in: OPEN_FOR_REVIEW } },
    data: { status: "matched", matchedBy: "staff", matchedAt: now, proposal: JSON.stringify(allocations), customerId, creditMinor: BigInt(creditMinor) },
  });
  if (claimed.count !== 1) throw new ReviewError("this entry was just handled by someone else");
  try {
    await applyEntry(db, shop, entry, { allocations, customerId }, now, canWriteBack);
  } catch (error) {
    // back in the queue as it was: applying is keyed on the entry, so trying again pays nothing twice
    await db.bankEntry.update({ where: { id: entry.id }, data: { status: entry.status, matchedBy: null, matchedAt: null, proposal: entry.proposal, customerId: entry.customerId, creditMinor: 0n } });
    throw error;
  }
  await releaseReviewHold(db, shop.id, { allocations: JSON.parse(entry.proposal), customerId: entry.customerId }, now);
}

/** Applies the matcher's own proposal, as it stands against today's balances. */
export async function acceptProposal(db: Db, shop: ShopRef, entryId: string, now: Date, canWriteBack: boolean): Promise<void> {
  const entry = await openEntry(db, shop.id, entryId);
  const proposed = JSON.parse(entry.proposal) as Allocation[];
  if (!proposed.length) throw new ReviewError("there is no proposal for this entry: choose the orders");
  await apply(db, shop, entryId, proposed, now, canWriteBack);
}

/** Staff's own choice: "#1001", "#1001 = 25.00, #1002", ... */
export async function allocateByHand(db: Db, shop: ShopRef, entryId: string, typed: string, now: Date, canWriteBack: boolean): Promise<void> {
  const entry = await openEntry(db, shop.id, entryId);
  let lines;
  try {
    lines = parseAllocationInput(typed);
  } catch (error) {
    if (error instanceof AllocationInputError) throw new ReviewError(error.message);
    throw error;
  }
  const names = lines.map((l) => `#${l.orderName.replace(/^#/, "")}`);
  const receivables = await db.receivable.findMany({ where: { shopId: shop.id, OR: [{ orderName: { in: names } }, { orderName: { in: lines.map((l) => l.orderName) } }] } });
  const byName = new Map(receivables.map((r) => [r.orderName.replace(/^#/, "").toUpperCase(), r]));
  let left = Number(entry.amountMinor);
  const allocations: Allocation[] = lines.map((line) => {
    const receivable = byName.get(line.orderName.replace(/^#/, ""));
    if (!receivable) throw new ReviewError(`no order ${line.orderName} in this shop`);
    let amountMinor: number;
    try {
      amountMinor = line.amount === null ? Math.min(left, Number(receivable.outstandingMinor)) : parseMinor(line.amount, asCurrency(entry.currency));
    } catch (error) {
      throw new ReviewError(`amount for ${line.orderName}: ${(error as Error).message}`);
    }
    left -= amountMinor;
    return { receivableId: receivable.id, amountMinor };
  });
  await apply(db, shop, entryId, allocations, now, canWriteBack);
}

/** Money that is not a customer's payment (a refund from a supplier, a private transfer). */
export async function markNotOurs(db: Db, shopId: string, entryId: string, now: Date): Promise<void> {
  const entry = await db.bankEntry.findFirst({ where: { id: entryId, shopId } });
  const done = await db.bankEntry.updateMany({
    where: { id: entryId, shopId, status: { in: OPEN_FOR_REVIEW } }, data: { status: "not_ours", matchedBy: "staff", matchedAt: now },
  });
  if (!entry || done.count !== 1) throw new ReviewError("no such entry waiting for review");
  await releaseReviewHold(db, shopId, { allocations: JSON.parse(entry.proposal), customerId: entry.customerId }, now);
}
