/**
 * A CAMT.053 statement made from the demo shop's own open book, for a new user to import from the
 * bank screen: transfers with the structured reference and the exact amount (applied at once),
 * one with the order number and the payer's name, two partial payments, one paying two orders of
 * one customer, one the matcher can only guess (review), one unknown transfer, and a bank fee.
 */
import type { Db } from "../db/client";
import { writeCamt053, type CamtEntry } from "../adapters/bank/camt053Writer";
import { ibanWithCheckDigits, orderPaymentReference } from "../domain/paymentReference";
import { DAY_MS } from "../domain/time";

/** The demo shop's own account, used when the shop has not set one. */
export const DEMO_ACCOUNT_IBAN = ibanWithCheckDigits("NL", "RABO0123456789");

const payerIban = (i: number) => ibanWithCheckDigits("NL", `INGB${String(4_000_000_000 + i * 7_919).padStart(10, "0")}`);

export async function demoStatementXml(db: Db, shopId: string, now: Date): Promise<string> {
  const shop = await db.shop.findUniqueOrThrow({ where: { id: shopId } });
  const open = await db.receivable.findMany({
    where: { shopId, status: "open", creditSale: true, outstandingMinor: { gt: 0 }, currency: shop.currency, customerId: { not: null } },
    include: { customer: true }, orderBy: [{ issuedAt: "asc" }, { id: "asc" }], take: 400,
  });
  const name = (r: (typeof open)[number]) => [r.customer?.firstName, r.customer?.lastName].filter(Boolean).join(" ") || r.customer?.company || null;
  const style = shop.legalProfile.startsWith("be_") ? "be" : "rf";
  const yesterday = new Date(now.getTime() - DAY_MS);
  const entries: CamtEntry[] = [];
  const used = new Set<string>();
  const customersUsed = new Set<string>();
  const take = (filter: (r: (typeof open)[number]) => boolean) => {
    const found = open.find((r) => !used.has(r.id) && !customersUsed.has(r.customerId!) && filter(r));
    if (found) {
      used.add(found.id);
      customersUsed.add(found.customerId!);
    }
    return found;
  };
  const credit = (ref: string, r: (typeof open)[number], amountMinor: number, extra: Partial<CamtEntry>) => entries.push({
    ref, currency: r.currency, direction: "credit", bookedOn: yesterday, amountMinor,
    counterpartyName: name(r), counterpartyIban: payerIban(entries.length), ...extra,
  });

  for (let i = 0; i < 4; i++) {
    const r = take(() => true);
    if (r) credit(`DEMO-${i + 1}`, r, Number(r.outstandingMinor), { structuredReference: orderPaymentReference(r.orderName, style) ?? undefined });
  }
  const byNumber = take(() => true);
  if (byNumber) credit("DEMO-5", byNumber, Number(byNumber.outstandingMinor), { remittance: `Betaling bestelling ${byNumber.orderName}` });
  for (let i = 0; i < 2; i++) {
    const r = take((o) => o.outstandingMinor >= 2_000n);
    if (r) credit(`DEMO-${6 + i}`, r, Math.floor(Number(r.outstandingMinor) / 200) * 100, { structuredReference: orderPaymentReference(r.orderName, style) ?? undefined });
  }
  const perCustomer = new Map<string, (typeof open)[number][]>();
  for (const r of open) if (!used.has(r.id) && !customersUsed.has(r.customerId!)) perCustomer.set(r.customerId!, [...(perCustomer.get(r.customerId!) ?? []), r]);
  const pair = [...perCustomer.values()].find((orders) => orders.length >= 2)?.slice(0, 2);
  if (pair) {
    pair.forEach((r) => used.add(r.id));
    customersUsed.add(pair[0].customerId!);
    credit("DEMO-8", pair[0], Number(pair[0].outstandingMinor + pair[1].outstandingMinor), { remittance: `Orders ${pair[0].orderName} en ${pair[1].orderName}` });
  }
  const amounts = new Map<bigint, number>();
  for (const r of open) amounts.set(r.outstandingMinor, (amounts.get(r.outstandingMinor) ?? 0) + 1);
  const guess = take((r) => amounts.get(r.outstandingMinor) === 1);
  if (guess) credit("DEMO-9", guess, Number(guess.outstandingMinor), { remittance: "betaling" });
  entries.push({
    ref: "DEMO-10", currency: shop.currency, direction: "credit", bookedOn: yesterday, amountMinor: 25_000,
    counterpartyName: "Verhuur Jansen BV", counterpartyIban: payerIban(99), remittance: "Terugbetaling borg aanhangwagen",
  });
  entries.push({
    ref: "DEMO-11", currency: shop.currency, direction: "debit", bookedOn: yesterday, amountMinor: 1_250,
    counterpartyName: "Rabobank", counterpartyIban: null, remittance: "Kosten zakelijk betalingsverkeer",
  });
  return writeCamt053({
    statementId: `DEMO-${now.toISOString().slice(0, 10)}`, accountIban: shop.iban ?? DEMO_ACCOUNT_IBAN, currency: shop.currency, createdAt: now, entries,
  });
}
