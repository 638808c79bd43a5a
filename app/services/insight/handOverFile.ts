/**
 * The hand-over file for a collection agency: every case the shop handed over, with the debtor,
 * the order, the claim (principal, interest, costs) on the file's date, and the history the agency
 * needs to go on where the shop stopped: reminders sent, payments, disputes, notes.
 */
import type { Db } from "../../db/client";
import { claimStatement, type ClaimStatement } from "../../domain/handOver";
import { toDecimalString, type CurrencyCode } from "../../domain/money";
import { toCsv } from "../../adapters/csv";
import { personName } from "../../domain/customerNames";

export interface HandOverShop {
  id: string;
  name: string;
  legalProfile: string;
}

const amount = (minor: number | bigint, currency: string) => toDecimalString(Number(minor), currency as CurrencyCode);
const amountOrNull = (minor: number | null, currency: string) => (minor === null ? null : amount(minor, currency));
const detailOf = (text: string) => JSON.parse(text) as Record<string, unknown>;

export async function handOverCases(db: Db, shop: HandOverShop, now: Date) {
  const receivables = await db.receivable.findMany({
    where: { shopId: shop.id, workflowState: "handed_over" },
    orderBy: { issuedAt: "asc" },
    include: {
      customer: true,
      // what went to the customer: a letter is printed by staff (a task); calls and the hand-over itself are not reminders
      messages: {
        where: { sentAt: { not: null }, OR: [{ channel: "letter", status: "task" }, { channel: { not: "task" }, status: { notIn: ["skipped", "task", "failed"] } }] },
        orderBy: { sentAt: "asc" },
      },
      disputes: { orderBy: { openedAt: "asc" } },
    },
  });
  const events = await db.ledgerEvent.findMany({
    where: { shopId: shop.id, orderGid: { in: receivables.map((r) => r.orderGid) }, kind: { in: ["payment", "refund", "fee", "pause", "note"] } },
    orderBy: [{ occurredAt: "asc" }, { recordedAt: "asc" }],
  });
  const eventsByOrder = new Map<string, typeof events>();
  for (const e of events) (eventsByOrder.get(e.orderGid) ?? eventsByOrder.set(e.orderGid, []).get(e.orderGid)!).push(e);
  return receivables.map((r) => {
    const own = eventsByOrder.get(r.orderGid) ?? [];
    const handOver = own.filter((e) => e.kind === "pause" && detailOf(e.detail).state === "handed_over").at(-1);
    const fee = own.filter((e) => e.kind === "fee").at(-1);
    const claim: ClaimStatement = claimStatement({
      legalProfile: shop.legalProfile, currency: r.currency, principalMinor: Number(r.outstandingMinor), dueAt: r.dueAt, until: now,
      announcedCostsMinor: fee ? Number(fee.amountMinor) : null,
    });
    const c = r.customer;
    return {
      reference: r.orderName,
      orderGid: r.orderGid,
      status: r.status,
      handedOverAt: handOver?.occurredAt.toISOString() ?? null,
      handOverNote: handOver ? String(detailOf(handOver.detail).note ?? "") || null : null,
      debtor: {
        customerGid: c?.gid ?? null,
        name: personName(c),
        company: c?.company ?? null, email: c?.email ?? null, phone: c?.phone ?? null, locale: c?.locale ?? null,
        address1: c?.address1 ?? null, address2: c?.address2 ?? null, zip: c?.zip ?? null, city: c?.city ?? null,
        province: c?.province ?? null, countryCode: c?.countryCode ?? null,
      },
      order: {
        currency: r.currency, issuedAt: r.issuedAt.toISOString(), dueAt: r.dueAt.toISOString(), paymentTerms: r.paymentTermsName,
        total: amount(r.totalMinor, r.currency),
        paid: amount(r.totalMinor - r.outstandingMinor, r.currency),
        outstanding: amount(r.outstandingMinor, r.currency),
        paymentUrl: r.paymentUrl,
      },
      claim: {
        date: now.toISOString().slice(0, 10),
        principal: amount(claim.principalMinor, r.currency),
        interest: amountOrNull(claim.interestMinor, r.currency), interestBasis: claim.interestBasis,
        collectionCosts: amount(claim.collectionCostsMinor, r.currency), collectionCostsBasis: claim.collectionCostsBasis,
        total: amount(claim.totalMinor, r.currency),
        legalProfile: shop.legalProfile,
      },
      reminders: r.messages.map((m) => ({ step: m.stepKey, channel: m.channel, status: m.status, sentAt: m.sentAt!.toISOString(), to: m.toAddress, subject: m.subject })),
      payments: own.filter((e) => e.kind === "payment" || e.kind === "refund")
        .map((e) => ({ kind: e.kind, amount: amount(e.amountMinor, e.currency), at: e.occurredAt.toISOString() })),
      disputes: r.disputes.map((d) => ({
        source: d.source, reason: d.reason, status: d.status, resolution: d.resolution,
        openedAt: d.openedAt.toISOString(), resolvedAt: d.resolvedAt?.toISOString() ?? null,
      })),
      notes: own.filter((e) => e.kind === "note").map((e) => ({ at: e.occurredAt.toISOString(), text: String(detailOf(e.detail).note ?? "") })),
    };
  });
}

/** The JSON file: the creditor, the file's date and every case in full. */
export async function handOverJson(db: Db, shop: HandOverShop, now: Date): Promise<string> {
  const cases = await handOverCases(db, shop, now);
  return JSON.stringify({ creditor: shop.name, createdAt: now.toISOString(), cases }, null, 2);
}

/** The CSV file: one row per case, the history summed up (the JSON file has it in full). */
export async function handOverCsv(db: Db, shop: HandOverShop, now: Date): Promise<string> {
  const cases = await handOverCases(db, shop, now);
  return toCsv(
    ["reference", "order_gid", "status", "handed_over_at", "debtor_name", "company", "email", "phone", "address1", "address2", "zip", "city",
      "province", "country", "currency", "order_date", "due_date", "total", "paid", "principal", "interest", "interest_basis",
      "collection_costs", "collection_costs_basis", "claim_total", "claim_date", "reminders_sent", "last_reminder_at", "disputes", "payment_url"],
    cases.map((c) => [
      c.reference, c.orderGid, c.status, c.handedOverAt, c.debtor.name, c.debtor.company, c.debtor.email, c.debtor.phone, c.debtor.address1,
      c.debtor.address2, c.debtor.zip, c.debtor.city, c.debtor.province, c.debtor.countryCode, c.order.currency, c.order.issuedAt.slice(0, 10),
      c.order.dueAt.slice(0, 10), c.order.total, c.order.paid, c.claim.principal, c.claim.interest, c.claim.interestBasis,
      c.claim.collectionCosts, c.claim.collectionCostsBasis, c.claim.total, c.claim.date, c.reminders.length, c.reminders.at(-1)?.sentAt ?? null,
      c.disputes.length, c.order.paymentUrl,
    ]),
  );
}
