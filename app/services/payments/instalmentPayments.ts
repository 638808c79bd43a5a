/**
 * Paying one instalment of an arrangement, and only that: a Mollie payment for exactly what the
 * next instalment still needs (when the shop connected Mollie), else bank-transfer details with the
 * instalment's own structured reference. A paid Mollie payment is recorded once (its id is the key),
 * on the ledger at once and on the Shopify order as a manual payment; the arrangement follows from
 * what the order still owes.
 */
import type { Db } from "../../db/client";
import { arrangementState } from "../../domain/arrangements";
import type { CurrencyCode } from "../../domain/money";
import { instalmentPaymentReference } from "../../domain/paymentReference";
import type { MollieGateway } from "../../adapters/payments/mollie";
import type { ShopRef } from "../ledger/ledgerStore";
import { recordReceivedPayment } from "./recordPayment";
import { RefusalError } from "../../domain/refusals";

export class InstalmentPaymentError extends RefusalError {
  override name = "InstalmentPaymentError";
}

export interface DueInstalment {
  arrangementId: string;
  seq: number;
  count: number;
  amountMinor: number;
  currency: CurrencyCode;
  dueAt: Date;
  /** the structured reference for paying it by transfer, when the shop has an IBAN */
  reference: string | null;
}

/** A started payment is reused for this long, so a double click or a reloaded page makes no second one. */
const REUSE_MS = 10 * 60_000;

/** The receivable's next instalment that is not fully paid, with what it still needs. */
export async function dueInstalment(db: Db, shopId: string, receivableId: string, now: Date): Promise<DueInstalment | null> {
  const receivable = await db.receivable.findFirst({
    where: { id: receivableId, shopId, status: "open" },
    include: { shop: true, arrangements: { where: { status: "active" }, include: { instalments: { orderBy: { seq: "asc" } } } } },
  });
  const arrangement = receivable?.arrangements[0];
  if (!receivable || !arrangement) return null;
  const planned = arrangement.instalments.map((i) => ({ seq: i.seq, amountMinor: Number(i.amountMinor), dueAt: i.dueAt }));
  const state = arrangementState(planned, Number(arrangement.startOutstandingMinor - receivable.outstandingMinor), arrangement.graceDays, now);
  const next = state.instalments.find((i) => i.status !== "paid");
  if (!next) return null;
  const style = receivable.shop.legalProfile.startsWith("be_") ? "be" : "rf";
  return {
    arrangementId: arrangement.id, seq: next.seq, count: planned.length, amountMinor: next.amountMinor - next.paidMinor,
    currency: receivable.currency as CurrencyCode, dueAt: next.dueAt,
    reference: receivable.shop.iban ? instalmentPaymentReference(receivable.orderName, next.seq, style) : null,
  };
}

export interface PaymentUrls {
  /** where Mollie sends the customer back */
  returnUrl: string;
  /** where Mollie reports the payment (our webhook, with the shop's signed token) */
  webhookUrl: string;
}

/** Starts (or reuses) a Mollie payment for the next instalment; returns where the customer pays. */
export async function startInstalmentPayment(
  db: Db, mollie: MollieGateway, shopId: string, receivableId: string, urls: PaymentUrls, now: Date,
): Promise<string> {
  const due = await dueInstalment(db, shopId, receivableId, now);
  if (!due) throw new InstalmentPaymentError("there is no instalment to pay on this order", { code: "no_instalment_due" });
  const recent = await db.providerPayment.findFirst({
    where: {
      shopId, receivableId, provider: "mollie", status: "open", arrangementId: due.arrangementId, instalmentSeq: due.seq,
      amountMinor: BigInt(due.amountMinor), createdAt: { gte: new Date(now.getTime() - REUSE_MS) }, checkoutUrl: { not: null },
    },
    orderBy: { createdAt: "desc" },
  });
  if (recent) return recent.checkoutUrl!;
  const receivable = await db.receivable.findUniqueOrThrow({ where: { id: receivableId }, select: { orderName: true, shop: { select: { name: true } } } });
  const payment = await mollie.createPayment({
    amountMinor: due.amountMinor, currency: due.currency,
    description: `${receivable.shop.name} ${receivable.orderName} instalment ${due.seq}/${due.count}`.slice(0, 255),
    redirectUrl: urls.returnUrl, webhookUrl: urls.webhookUrl,
    metadata: { shopId, receivableId, arrangementId: due.arrangementId, instalment: String(due.seq) },
  });
  if (!payment.checkoutUrl) throw new InstalmentPaymentError("Mollie gave no payment page for this payment", { code: "payment_page_unavailable" });
  await db.providerPayment.create({
    data: {
      shopId, provider: "mollie", providerPaymentId: payment.id, receivableId, arrangementId: due.arrangementId, instalmentSeq: due.seq,
      amountMinor: BigInt(due.amountMinor), currency: due.currency, status: payment.status, checkoutUrl: payment.checkoutUrl, createdAt: now,
    },
  });
  return payment.checkoutUrl;
}

export type MollieUpdate = "paid" | "unchanged" | "not_ours" | "status_changed";

/**
 * Mollie called: its payment is read back from Mollie, and only a payment this shop started counts.
 * Paid is recorded once however often Mollie calls.
 */
export async function applyMollieUpdate(
  db: Db, mollie: MollieGateway, shop: ShopRef, paymentId: string, now: Date, canWriteBack: boolean,
): Promise<MollieUpdate> {
  const row = await db.providerPayment.findUnique({ where: { provider_providerPaymentId: { provider: "mollie", providerPaymentId: paymentId } } });
  if (!row || row.shopId !== shop.id) return "not_ours";
  const payment = await mollie.getPayment(paymentId);
  if (payment.metadata.shopId !== shop.id || payment.amountMinor !== Number(row.amountMinor) || payment.currency !== row.currency) return "not_ours";
  if (payment.status !== "paid") {
    if (payment.status === row.status) return "unchanged";
    await db.providerPayment.updateMany({ where: { id: row.id, status: { not: "paid" } }, data: { status: payment.status } });
    return "status_changed";
  }
  const claimed = await db.providerPayment.updateMany({ where: { id: row.id, status: { not: "paid" } }, data: { status: "paid", paidAt: payment.paidAt ?? now } });
  // recorded under the payment's id: a second call (or a race with it) adds nothing
  await recordReceivedPayment(db, shop, {
    source: "mollie", sourceId: paymentId, currency: row.currency, occurredAt: payment.paidAt ?? now,
    allocations: [{ receivableId: row.receivableId, amountMinor: Number(row.amountMinor) }],
  }, now, canWriteBack);
  return claimed.count === 1 ? "paid" : "unchanged";
}
