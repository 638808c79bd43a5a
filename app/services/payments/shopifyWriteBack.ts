/**
 * Tells Shopify about money received outside checkout, so the order turns paid there too and the
 * merchant's books agree. Each allocation is written once: "pending" -> "done" (with the Shopify
 * transaction), "not_allowed" (Shopify refused: the reason is shown, the ledger keeps the payment),
 * or stays pending with the error for the next pass.
 */
import { randomUUID } from "node:crypto";
import type { Db } from "../../db/client";
import type { AdminGraphql } from "../../adapters/shopify/graphql/client";
import { markOrderPaid, readPaymentStates, recordManualPayment, recordPaymentReferences, type WriteBackOutcome } from "../../adapters/shopify/graphql/payments";
import { toDecimalString } from "../../domain/money";
import type { CurrencyCode } from "../../domain/money";
import { markRecordedInShopify, type ShopRef } from "../ledger/ledgerStore";

export interface WriteBackCounts {
  recorded: number;
  refused: number;
  waiting: number;
}

const METHOD_NAME = { bank: "Bank transfer", mollie: "Mollie" } as const;

/** Writes back up to `limit` pending allocations of the shop, oldest first. */
export async function writeBackPayments(db: Db, shop: ShopRef, admin: AdminGraphql, now: Date, limit = 100): Promise<WriteBackCounts> {
  const counts: WriteBackCounts = { recorded: 0, refused: 0, waiting: 0 };
  const pending = await claimPending(db, shop.id, now, limit);
  if (!pending.length) return counts;
  const receivables = new Map((await db.receivable.findMany({
    where: { shopId: shop.id, id: { in: pending.map((p) => p.receivableId) } }, select: { id: true, orderGid: true },
  })).map((r) => [r.id, r.orderGid]));
  let states;
  try {
    states = await readPaymentStates(admin, [...new Set(receivables.values())]);
  } catch (error) {
    await db.paymentAllocation.updateMany({ where: { id: { in: pending.map((p) => p.id) } }, data: { writeBackError: (error as Error).message, writeBackClaim: null, writeBackClaimedUntil: null } });
    return { ...counts, waiting: pending.length };
  }
  const bookedOn = new Map((await db.bankEntry.findMany({
    where: { shopId: shop.id, id: { in: pending.filter((p) => p.source === "bank").map((p) => p.sourceId) } }, select: { id: true, bookedOn: true },
  })).map((e) => [e.id, e.bookedOn]));
  for (const allocation of pending) {
    const orderGid = receivables.get(allocation.receivableId)!;
    const state = states.get(orderGid);
    const amount = Number(allocation.amountMinor);
    let outcome: WriteBackOutcome;
    if (!state) outcome = { kind: "refused", reason: "Shopify no longer has this order" };
    else if (state.outstandingMinor === 0) outcome = { kind: "recorded", transactionGid: null, recordedAt: state.updatedAt };
    else if (amount >= state.outstandingMinor) outcome = await markOrderPaid(admin, orderGid, now);
    else {
      const source = allocation.source as keyof typeof METHOD_NAME;
      const paidOn = (source === "bank" ? bookedOn.get(allocation.sourceId) : null) ?? allocation.createdAt;
      outcome = await recordManualPayment(admin, orderGid, amount, allocation.currency as CurrencyCode, METHOD_NAME[source] ?? "Other", paidOn, now);
    }
    await settle(db, shop, allocation.id, orderGid, allocation.ledgerKey, outcome, now);
    if (state && outcome.kind === "recorded") state.outstandingMinor = Math.max(0, state.outstandingMinor - amount);
    counts[outcome.kind === "recorded" ? "recorded" : outcome.kind === "refused" ? "refused" : "waiting"]++;
  }
  await writeReferences(db, shop.id, admin, [...new Set(pending.map((p) => p.receivableId))]);
  return counts;
}

/** a claim not settled by then belongs to a process that died: another takes the allocation over */
const CLAIM_MS = 2 * 60_000;

/**
 * The pending allocations this call tells Shopify about, claimed first: a statement's import and
 * the worker's pass may both look at once, and only one of them may mark an order paid.
 */
async function claimPending(db: Db, shopId: string, now: Date, limit: number) {
  const candidates = await db.paymentAllocation.findMany({
    where: { shopId, writeBackStatus: "pending", OR: [{ writeBackClaimedUntil: null }, { writeBackClaimedUntil: { lt: now } }] },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }], take: limit, select: { id: true },
  });
  if (!candidates.length) return [];
  const claim = randomUUID();
  await db.paymentAllocation.updateMany({
    where: { id: { in: candidates.map((c) => c.id) }, writeBackStatus: "pending", OR: [{ writeBackClaimedUntil: null }, { writeBackClaimedUntil: { lt: now } }] },
    data: { writeBackClaim: claim, writeBackClaimedUntil: new Date(now.getTime() + CLAIM_MS) },
  });
  return db.paymentAllocation.findMany({ where: { writeBackClaim: claim }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
}

/** Each order's recorded payments with their references, onto the order in Shopify; a failure here only costs the reference. */
async function writeReferences(db: Db, shopId: string, admin: AdminGraphql, receivableIds: string[]): Promise<void> {
  const [receivables, recorded] = await Promise.all([
    db.receivable.findMany({ where: { shopId, id: { in: receivableIds } }, select: { id: true, orderGid: true } }),
    db.paymentAllocation.findMany({ where: { shopId, receivableId: { in: receivableIds }, writeBackStatus: "done" }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] }),
  ]);
  const entries = new Map((await db.bankEntry.findMany({
    where: { shopId, id: { in: recorded.filter((r) => r.source === "bank").map((r) => r.sourceId) } }, select: { id: true, bankReference: true, entryKey: true, bookedOn: true },
  })).map((e) => [e.id, e]));
  for (const receivable of receivables) {
    const references = recorded.filter((r) => r.receivableId === receivable.id).map((r) => {
      const entry = entries.get(r.sourceId);
      return {
        amount: toDecimalString(Number(r.amountMinor), r.currency as CurrencyCode), currency: r.currency, source: r.source,
        date: (entry?.bookedOn ?? r.createdAt).toISOString().slice(0, 10), reference: entry ? entry.bankReference ?? entry.entryKey.split("|").pop()! : r.sourceId,
      };
    });
    if (!references.length) continue;
    try {
      const refused = await recordPaymentReferences(admin, receivable.orderGid, references);
      if (refused) console.warn(`payment references on ${receivable.orderGid}: ${refused}`);
    } catch (error) {
      console.warn(`payment references on ${receivable.orderGid}: ${(error as Error).message}`);
    }
  }
}

async function settle(db: Db, shop: ShopRef, id: string, orderGid: string, ledgerKey: string, outcome: WriteBackOutcome, now: Date) {
  const released = { writeBackClaim: null, writeBackClaimedUntil: null };
  if (outcome.kind === "retry") {
    await db.paymentAllocation.update({ where: { id }, data: { writeBackError: outcome.reason, ...released } });
    return;
  }
  if (outcome.kind === "refused") {
    await db.paymentAllocation.update({ where: { id }, data: { writeBackStatus: "not_allowed", writeBackError: outcome.reason, ...released } });
    return;
  }
  await db.paymentAllocation.update({
    where: { id }, data: { writeBackStatus: "done", writeBackError: null, shopifyTransactionGid: outcome.transactionGid, writtenBackAt: now, ...released },
  });
  await markRecordedInShopify(db, shop, orderGid, ledgerKey, outcome.transactionGid, outcome.recordedAt);
}
