/**
 * Open invoices in Shopify's customer accounts (extensions/dunly-customer-account): the signed-in
 * customer's own orders on credit, and what they may do about them, with exactly the rules and
 * services of the customer page (pay, promise to pay, dispute, propose an arrangement).
 */
import type { Db } from "../../db/client";
import { formatDate } from "../../adapters/email/renderReminder";
import { owedText } from "../ledger/owedAmount";
import { customerAction, loadCustomerPage, type CustomerActionResult } from "../customers/customerPage";
import type { NoticeDeps } from "../followUp/customerNotices";
import type { ReminderLocale } from "../../i18n/reminders";
import { customerTexts } from "../../i18n/customer";
import { refusalText } from "../../i18n/refusals";

export interface CustomerInvoice {
  receivableId: string;
  orderGid: string;
  order: string;
  outstanding: string;
  due: string;
  overdue: boolean;
  state: "open" | "paused" | "disputed" | "in_arrangement";
  paymentUrl: string | null;
}

export interface CustomerInvoices {
  invoices: CustomerInvoice[];
  rules: { maxInstalments: number; promiseMaxDays: number };
}

async function customerOf(db: Db, shopId: string, customerGid: string) {
  return db.customer.findFirst({ where: { shopId, gid: customerGid, redactedAt: null }, select: { id: true } });
}

/** The customer's open invoices (one order's only, for the order status page), in `locale`. */
export async function customerInvoices(db: Db, shopId: string, customerGid: string, locale: ReminderLocale, now: Date, orderGid?: string): Promise<CustomerInvoices> {
  const customer = await customerOf(db, shopId, customerGid);
  if (!customer) return { invoices: [], rules: { maxInstalments: 2, promiseMaxDays: 0 } };
  const { shop, receivables, rules } = await loadCustomerPage(db, { shopId, customerId: customer.id });
  return {
    rules: { maxInstalments: Math.max(2, rules.maxInstalments), promiseMaxDays: shop.promiseMaxDays },
    invoices: receivables.filter((r) => !orderGid || r.orderGid === orderGid).map((r) => ({
      receivableId: r.id, orderGid: r.orderGid, order: r.orderName, outstanding: owedText(r, locale),
      due: formatDate(r.dueAt, locale, shop.timeZone), overdue: r.dueAt < now,
      state: r.workflowState === "disputed" || r.workflowState === "in_arrangement" ? r.workflowState : r.pausedUntil && r.pausedUntil > now ? "paused" : "open",
      paymentUrl: r.paymentUrl,
    })),
  };
}

const FIELDS = ["intent", "receivableId", "promisedFor", "reason", "message", "instalments", "intervalDays", "firstDueAt"] as const;

export type CustomerInvoiceAnswer = Extract<CustomerActionResult, { ok: true }> | { ok: false; error: string };

/** What the customer asks about one of their invoices, carried out as the customer page would; a refusal in `locale`. */
export async function customerInvoiceAction(
  db: Db, deps: NoticeDeps, shopId: string, customerGid: string, request: Record<string, unknown>, locale: ReminderLocale, now: Date,
): Promise<CustomerInvoiceAnswer> {
  const t = customerTexts(locale);
  const customer = await customerOf(db, shopId, customerGid);
  if (!customer) return { ok: false, error: refusalText({ code: "unknown_order" }, t) };
  const form = new FormData();
  for (const key of FIELDS) {
    const value = request[key];
    if (typeof value === "string" || typeof value === "number") form.set(key, String(value));
  }
  const result = await customerAction(db, deps, { shopId, customerId: customer.id }, form, now);
  return result.ok ? result : { ok: false, error: refusalText(result.refusal, t) };
}
