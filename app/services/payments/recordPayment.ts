/**
 * Money received outside Shopify checkout (a bank transfer, a Mollie payment) put on orders: one
 * allocation and one ledger fact per order, keyed on the source, so applying the same money twice
 * changes nothing. The ledger takes it at once, so the next run does not remind; the write-back to
 * Shopify follows (shopifyWriteBack.ts).
 */
import type { Db } from "../../db/client";
import type { Allocation } from "../../domain/bank/matching";
import type { CurrencyCode } from "../../domain/money";
import type { ShopRef } from "../ledger/ledgerStore";
import { recordLedgerFacts } from "../ledger/ledgerBatch";
import { isUniqueViolation } from "../ledger/dbErrors";

export type PaymentSource = "bank" | "mollie";

export interface ReceivedPayment {
  source: PaymentSource;
  sourceId: string;
  currency: string;
  occurredAt: Date;
  allocations: readonly Allocation[];
}

export const ledgerKeyOf = (source: PaymentSource, sourceId: string, receivableId: string) => `${source}:${sourceId}:${receivableId}`;

/** Records each allocation once; returns how many were new. */
export async function recordReceivedPayment(db: Db, shop: ShopRef, payment: ReceivedPayment, now: Date, canWriteBack: boolean): Promise<number> {
  return recordReceivedPayments(db, shop, [payment], now, canWriteBack);
}

/**
 * Many payments at once (a statement's matches): allocations and ledger facts written in batches.
 * An allocation already recorded (the same money applied twice, a run cut short) is left out.
 */
export async function recordReceivedPayments(db: Db, shop: ShopRef, payments: readonly ReceivedPayment[], now: Date, canWriteBack: boolean): Promise<number> {
  const wanted = payments.flatMap((payment) => payment.allocations.map((allocation) => ({ payment, allocation, ledgerKey: ledgerKeyOf(payment.source, payment.sourceId, allocation.receivableId) })));
  if (!wanted.length) return 0;
  const receivables = new Map((await db.receivable.findMany({
    where: { shopId: shop.id, id: { in: [...new Set(wanted.map((w) => w.allocation.receivableId))] } }, select: { id: true, orderGid: true, currency: true, kind: true },
  })).map((r) => [r.id, r]));
  for (const { payment, allocation } of wanted) {
    const receivable = receivables.get(allocation.receivableId);
    if (!receivable) throw new Error(`order ${allocation.receivableId} is not one of this shop's`);
    if (receivable.currency !== payment.currency) throw new Error(`a payment in ${payment.currency} cannot pay an order in ${receivable.currency}`);
  }
  const recorded = new Set((await db.paymentAllocation.findMany({ where: { ledgerKey: { in: wanted.map((w) => w.ledgerKey) } }, select: { ledgerKey: true } })).map((a) => a.ledgerKey));
  let fresh = wanted.filter((w) => !recorded.has(w.ledgerKey));
  if (!fresh.length) return 0;
  // a failed renewal has no order in Shopify to record the money on
  const writesBack = (receivableId: string) => canWriteBack && receivables.get(receivableId)!.kind === "order";
  const rows = fresh.map(({ payment, allocation, ledgerKey }) => ({
    shopId: shop.id, receivableId: allocation.receivableId, source: payment.source, sourceId: payment.sourceId,
    amountMinor: BigInt(allocation.amountMinor), currency: payment.currency, ledgerKey,
    writeBackStatus: writesBack(allocation.receivableId) ? "pending" : "skipped", createdAt: now,
  }));
  try {
    await db.paymentAllocation.createMany({ data: rows });
  } catch (error) {
    // another process recorded some of them meanwhile (Mollie calling twice at once): only ours count
    if (!isUniqueViolation(error)) throw error;
    const mine = new Set<string>();
    for (const row of rows) {
      try {
        await db.paymentAllocation.create({ data: row });
        mine.add(row.ledgerKey);
      } catch (again) {
        if (!isUniqueViolation(again)) throw again;
      }
    }
    fresh = fresh.filter((w) => mine.has(w.ledgerKey));
  }
  await recordLedgerFacts(db, shop, fresh.map(({ payment, allocation, ledgerKey }) => ({
    kind: "payment" as const, key: ledgerKey, orderGid: receivables.get(allocation.receivableId)!.orderGid, occurredAt: payment.occurredAt,
    currency: payment.currency as CurrencyCode, amountMinor: allocation.amountMinor, outstandingDeltaMinor: -allocation.amountMinor,
    outsideShopify: { shopifyTransactionGid: null, recordedInShopifyAt: null },
  })));
  return fresh.length;
}

/** An IBAN that paid a customer's orders points to that customer next time (first customer wins). */
export async function learnIban(db: Db, shopId: string, customerId: string | null, iban: string | null, now: Date): Promise<void> {
  if (!customerId || !iban) return;
  try {
    await db.customerBankAccount.create({ data: { shopId, customerId, iban, learnedAt: now } });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
}
