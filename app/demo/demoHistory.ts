/**
 * Six months of a webshop's life for the demo, as things happened: the demo book's orders, with
 * each customer paying the way people do (before the due date, a few days after a reminder, after
 * the final notice, never), and some promising a date, disputing, or asking to pay in instalments.
 * replayHistory.ts plays it day by day through the product, so every reminder, timeline entry
 * and report is the product's own work. Deterministic for a given `now` and seed.
 */
import { DAY_MS } from "../domain/time";
import { seededRandom } from "../domain/seededRandom";
import { splitIntoInstalments } from "../domain/arrangements";
import { ibanWithCheckDigits, orderPaymentReference } from "../domain/paymentReference";
import { demoBook, type DemoBookOptions } from "./demoBook";
import { demoRenewalEvents, type RenewalHistoryEvent } from "./demoRenewalStories";

/** How a customer pays; B2B customers lean to the slower kinds. */
export type PayerKind = "prompt" | "nudged" | "late" | "promiser" | "disputer" | "arranger" | "defaulter";

const B2C_KINDS: [PayerKind, number][] = [["prompt", 0.5], ["nudged", 0.24], ["late", 0.1], ["promiser", 0.05], ["disputer", 0.04], ["arranger", 0.04], ["defaulter", 0.03]];
const B2B_KINDS: [PayerKind, number][] = [["prompt", 0.35], ["nudged", 0.3], ["late", 0.2], ["promiser", 0.06], ["disputer", 0.04], ["arranger", 0.03], ["defaulter", 0.02]];

/** The reminder flow's days after the due date at which customers of each kind react (the default flow's steps). */
const AFTER_REMINDER_1 = 1;
const AFTER_REMINDER_2 = 8;
const AFTER_FINAL_NOTICE = 15;
const HAND_OVER_DAY = 31;
/** the shop's default smallest instalment */
const MIN_INSTALMENT = 2500;

/** The demo shop's size: the book `npm run demo` plays and the browser tests expect. */
export const DEMO_SIZE = { customers: 120, orders: 1000 } as const;

export type HistoryEvent =
  | { at: number; kind: "order"; order: Record<string, unknown> }
  | { at: number; kind: "payment"; order: Record<string, unknown>; transaction: Record<string, unknown> }
  | { at: number; kind: "cancel"; order: Record<string, unknown> }
  | { at: number; kind: "promise"; orderGid: string; promisedFor: number }
  | { at: number; kind: "dispute"; orderGid: string; reason: string; message: string }
  | { at: number; kind: "resolve"; orderGid: string }
  | { at: number; kind: "arrangement"; orderGid: string; instalments: number; intervalDays: number; firstDueAt: number }
  | { at: number; kind: "handOver"; orderGid: string }
  /** a bank transfer, on the statement the shop imports the next morning (`at`), booked the day it was paid */
  | { at: number; kind: "transfer"; ref: string; orderGid: string; bookedOn: number; amountMinor: number; payerName: string; payerIban: string; remittance: string; structuredReference: string | null }
  /** a coffee subscription's failed renewal, its retries and their end */
  | RenewalHistoryEvent;

export interface DemoHistory {
  customers: Record<string, unknown>[];
  /** each order as it stands now (the webhook Shopify sent last) */
  orders: Record<string, unknown>[];
  transactions: Record<string, unknown>[];
  /** everything in the order it happened */
  events: HistoryEvent[];
}

const TX_ID_BASE = 9_400_000_000_000n;
const iso = (time: number) => new Date(time).toISOString().replace(".000Z", "Z");
const cents = (minor: number) => `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, "0")}`;
const REASONS = ["damaged", "wrong_amount", "not_received"] as const;
/** The share of customers paying by bank transfer rather than through Shopify: most businesses, some consumers. */
const BY_TRANSFER = { b2b: 0.6, b2c: 0.1 } as const;
/** When the bank's statement of the day before is in: before the worker's morning run. */
const STATEMENT_HOUR = 6;

/** The morning after a transfer, when it shows on the shop's statement. */
export function statementMorning(paidAt: number): number {
  return Math.floor(paidAt / DAY_MS) * DAY_MS + DAY_MS + STATEMENT_HOUR * 3_600_000;
}

function kindOf(weights: [PayerKind, number][], roll: number): PayerKind {
  let sum = 0;
  for (const [kind, weight] of weights) if (roll < (sum += weight)) return kind;
  return weights[0][0];
}

export function demoHistory(options: DemoBookOptions): DemoHistory {
  const book = demoBook(options);
  const now = options.now.getTime();
  // a stream of its own: the book's orders stay exactly as demoBook makes them
  const rand = seededRandom((options.seed ?? 20261123) ^ 0x5eed);
  const kinds = new Map(book.customers.map((c) => [c.id, kindOf(c.tags ? B2B_KINDS : B2C_KINDS, rand())]));
  // a stream of its own again: who pays by transfer does not change how anyone pays
  const bankRand = seededRandom((options.seed ?? 20261123) ^ 0xba4c);
  const payers = new Map(book.customers.map((c, i) => [c.id, bankRand() < (c.tags ? BY_TRANSFER.b2b : BY_TRANSFER.b2c) ? transferPayer(c, i) : null]));
  const events: HistoryEvent[] = [];
  const orders: Record<string, unknown>[] = [];
  const transactions: Record<string, unknown>[] = [];
  let txSeq = 0n;

  for (const final of book.orders) {
    const issued = Date.parse(final.created_at as string);
    const termDays = final.payment_terms ? 30 : 14;
    const due = issued + termDays * DAY_MS;
    const total = Math.round(Number(final.total_price) * 100);
    const orderGid = final.admin_graphql_api_id as string;
    const customer = final.customer as Record<string, unknown>;
    const kind = kinds.get(customer.id)!;
    const day = (offset: number, hour = 10 + Math.floor(rand() * 9)) => due + offset * DAY_MS + hour * 3_600_000 + Math.floor(rand() * 3_600_000);
    const payments: { at: number; amountMinor: number }[] = [];
    const actions: HistoryEvent[] = [];
    // a cancellation the book dates after "now" has not happened yet
    const cancelled = final.cancelled_at !== null && issued + DAY_MS <= now;
    // the book decides who eventually pays; the kind decides when and what happens on the way
    const pays = final.financial_status === "paid";
    if (!cancelled) {
      switch (kind) {
        case "prompt":
          if (pays) payments.push({ at: issued + Math.floor(rand() * (termDays - 1) * DAY_MS) + DAY_MS / 2, amountMinor: total });
          else payments.push({ at: day(AFTER_REMINDER_1 + Math.floor(rand() * 4)), amountMinor: total });
          break;
        case "nudged":
          payments.push({ at: day((rand() < 0.6 ? AFTER_REMINDER_1 : AFTER_REMINDER_2) + Math.floor(rand() * 4)), amountMinor: total });
          break;
        case "late":
          if (pays) payments.push({ at: day(AFTER_FINAL_NOTICE + 1 + Math.floor(rand() * 10)), amountMinor: total });
          break;
        case "promiser": {
          const promisedFor = due + (AFTER_REMINDER_2 + 7) * DAY_MS;
          actions.push({ at: day(AFTER_REMINDER_2 + 1), kind: "promise", orderGid, promisedFor });
          // most keep their word; the others are reminded again when the promise breaks, and some pay then
          if (rand() < 0.7) payments.push({ at: promisedFor - DAY_MS + 12 * 3_600_000, amountMinor: total });
          else if (pays) payments.push({ at: day(AFTER_REMINDER_2 + 7 + 5 + Math.floor(rand() * 5)), amountMinor: total });
          break;
        }
        case "disputer": {
          actions.push({ at: day(AFTER_REMINDER_1 + 1), kind: "dispute", orderGid, reason: REASONS[Math.floor(rand() * REASONS.length)], message: "Please check this invoice." });
          actions.push({ at: day(AFTER_REMINDER_1 + 6), kind: "resolve", orderGid });
          if (pays) payments.push({ at: day(AFTER_REMINDER_1 + 10), amountMinor: total });
          break;
        }
        case "arranger": {
          // the shop's smallest instalment (25.00) decides how many an order can be split into
          const count = total >= 3 * MIN_INSTALMENT ? 3 : total >= 2 * MIN_INSTALMENT ? 2 : 0;
          if (count === 0) {
            payments.push({ at: day(AFTER_FINAL_NOTICE + 2), amountMinor: total });
            break;
          }
          const firstDueAt = due + (AFTER_FINAL_NOTICE + 8) * DAY_MS;
          const plan = splitIntoInstalments({ totalMinor: total, instalments: count, firstDueAt: new Date(firstDueAt), intervalDays: 14 });
          actions.push({ at: day(AFTER_FINAL_NOTICE + 1), kind: "arrangement", orderGid, instalments: count, intervalDays: 14, firstDueAt });
          // some keep up every instalment; the others stop after the first, and the arrangement breaks
          const keeps = rand() < 0.6;
          for (const instalment of keeps ? plan : plan.slice(0, 1)) payments.push({ at: instalment.dueAt.getTime() - DAY_MS + 11 * 3_600_000, amountMinor: instalment.amountMinor });
          break;
        }
        case "defaulter":
          if (rand() < 0.6) actions.push({ at: day(HAND_OVER_DAY), kind: "handOver", orderGid });
          break;
      }
    }
    const payer = payers.get(customer.id)!;
    // a transfer counts once its statement is in; a payment through Shopify at once
    const known = (p: { at: number }) => (payer ? statementMorning(p.at) : p.at);
    const made = payments.filter((p) => p.at > issued && known(p) <= now).sort((a, b) => a.at - b.at);
    let paidMinor = 0;
    let shopifyPaidMinor = 0;
    const snapshotAt = (at: number, paid: number) => orderAt(final, total, at, paid, cancelled && at >= issued + DAY_MS);
    events.push({ at: issued, kind: "order", order: snapshotAt(issued, 0) });
    for (const payment of made) {
      paidMinor += payment.amountMinor;
      if (payer) {
        events.push(transferEvent(payer, final, payment, bankRand(), txSeq++));
        continue;
      }
      shopifyPaidMinor += payment.amountMinor;
      const id = (TX_ID_BASE + txSeq++).toString();
      const transaction = {
        id: Number(id), admin_graphql_api_id: `gid://shopify/OrderTransaction/${id}`, order_id: final.id,
        kind: "sale", status: "success", gateway: "manual", amount: cents(payment.amountMinor), currency: "EUR",
        created_at: iso(payment.at), processed_at: iso(payment.at), manual_payment_gateway: true, test: false,
      };
      transactions.push(transaction);
      events.push({ at: payment.at, kind: "payment", order: snapshotAt(payment.at, shopifyPaidMinor), transaction });
    }
    if (cancelled) events.push({ at: issued + DAY_MS, kind: "cancel", order: snapshotAt(issued + DAY_MS, 0) });
    const paidAt = made.length ? known(made.at(-1)!) : undefined;
    for (const action of actions) if (action.at <= now && (paidMinor < total || (paidAt !== undefined && action.at < paidAt))) events.push(action);
    const lastShopifyChange = payer ? issued : Math.max(issued, made.at(-1)?.at ?? issued);
    orders.push(snapshotAt(Math.max(lastShopifyChange, cancelled ? issued + DAY_MS : issued), shopifyPaidMinor));
  }
  events.push(...demoRenewalEvents(options.now, book.customers));
  events.sort((a, b) => a.at - b.at);
  return { customers: book.customers, orders, transactions, events };
}

interface TransferPayer {
  name: string;
  iban: string;
}

function transferPayer(customer: Record<string, unknown>, index: number): TransferPayer {
  const address = customer.default_address as { company?: string | null } | undefined;
  const name = address?.company || `${customer.first_name as string} ${customer.last_name as string}`;
  return { name, iban: ibanWithCheckDigits("NL", `ABNA${String(5_000_000_000 + index * 104_729).padStart(10, "0")}`) };
}

/** Most payers copy the reference from the invoice; the others write the order number. */
function transferEvent(payer: TransferPayer, order: Record<string, unknown>, payment: { at: number; amountMinor: number }, roll: number, seq: bigint): HistoryEvent {
  const orderName = order.name as string;
  const byReference = roll < 0.75;
  return {
    at: statementMorning(payment.at), kind: "transfer", ref: `HIST-${seq}`, orderGid: order.admin_graphql_api_id as string,
    bookedOn: Math.floor(payment.at / DAY_MS) * DAY_MS, amountMinor: payment.amountMinor, payerName: payer.name, payerIban: payer.iban,
    remittance: byReference ? "" : `Factuur ${orderName}`, structuredReference: byReference ? orderPaymentReference(orderName, "rf") : null,
  };
}

/** The order as Shopify shows it at `at`, with `paidMinor` received. */
function orderAt(final: Record<string, unknown>, total: number, at: number, paidMinor: number, cancelled: boolean): Record<string, unknown> {
  const paid = paidMinor >= total;
  const terms = final.payment_terms as { payment_schedules: Record<string, unknown>[] } | null;
  return {
    ...final,
    updated_at: iso(at),
    cancelled_at: cancelled ? final.cancelled_at : null, cancel_reason: cancelled ? final.cancel_reason : null,
    total_outstanding: cents(cancelled ? 0 : total - paidMinor),
    financial_status: cancelled ? "voided" : paid ? "paid" : paidMinor > 0 ? "partially_paid" : "pending",
    payment_terms: terms && { ...terms, payment_schedules: terms.payment_schedules.map((s) => ({ ...s, completed_at: paid ? iso(at) : null })) },
  };
}
