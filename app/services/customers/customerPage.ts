/**
 * The customer page behind a signed link: what it shows and what the customer can do there.
 * Every query is bounded by the link's shop and customer, so a link can never reach further.
 */
import type { Db } from "../../db/client";
import { reminderLocale, type ReminderLocale } from "../../i18n/reminders";
import { verifyCustomerLink, type CustomerLink } from "./customerLinks";
import { openDispute } from "../disputes/disputes";
import { proposeArrangement, rulesOf } from "../arrangements/arrangements";
import { pauseReceivable } from "../followUp/pauseReminders";
import type { NoticeDeps } from "../followUp/customerNotices";
import { assertWorkflowAllows } from "../ledger/receivableWorkflow";
import { makePromise } from "./promises";
import { dayFromForm } from "../../domain/time";
import { createTask } from "../insight/tasks";
import { customerRefusal, RefusalError, type Refusal } from "../../domain/refusals";

export const ALREADY_PAID_PAUSE_DAYS = 5;
/** A customer writes a few messages an hour at most; more is a stuck button or a script. */
export const MAX_CUSTOMER_MESSAGES_PER_HOUR = 5;

export type PageAccess = { ok: true; link: CustomerLink } | { ok: false; status: 403 | 404 | 410 };

/**
 * A link opens its own receivable of a shop that still has the app; through the app proxy, only on
 * the shop it was issued for (Shopify signs which shop proxied the request).
 */
export async function checkAccess(db: Db, token: string, secret: string, now: Date, proxiedShop?: string): Promise<PageAccess> {
  const check = verifyCustomerLink(token, secret, now);
  if (!check.ok) return { ok: false, status: check.reason === "expired" ? 410 : 403 };
  const { link } = check;
  const found = await db.receivable.count({
    where: {
      id: link.receivableId, shopId: link.shopId, customerId: link.customerId,
      shop: { uninstalledAt: null, ...(proxiedShop !== undefined ? { domain: proxiedShop } : {}) },
    },
  });
  return found ? { ok: true, link } : { ok: false, status: 404 };
}

/** Whose page: a signed link's customer, or the customer signed in to Shopify's customer account. */
export type PageCustomer = Pick<CustomerLink, "shopId" | "customerId">;

export async function loadCustomerPage(db: Db, link: PageCustomer) {
  const [shop, customer, receivables] = await Promise.all([
    db.shop.findUniqueOrThrow({ where: { id: link.shopId } }),
    db.customer.findFirstOrThrow({ where: { id: link.customerId, shopId: link.shopId } }),
    db.receivable.findMany({
      where: { shopId: link.shopId, customerId: link.customerId, status: "open", creditSale: true },
      orderBy: { dueAt: "asc" },
      include: { arrangements: { where: { status: { in: ["active", "pending_approval"] } }, include: { instalments: { orderBy: { seq: "asc" } } } } },
    }),
  ]);
  const locale: ReminderLocale = reminderLocale(customer.locale, customer.countryCode);
  return { shop, customer, receivables, locale, rules: rulesOf(shop) };
}

export type CustomerActionResult =
  | { ok: true; done: "paid" | "promise" | "dispute" | "arrangement_active" | "arrangement_pending"; count?: number }
  /** error: in English, for logs and staff; refusal: the reason in codes, for the customer's own words */
  | { ok: false; error: string; refusal: Refusal };

const refused = (refusal: Refusal, error: string): CustomerActionResult => ({ ok: false, error, refusal });

/** The form's receivable must be one of this customer's own open orders. */
async function ownReceivable(db: Db, link: PageCustomer, id: FormDataEntryValue | null) {
  if (typeof id !== "string" || !id) return null;
  return db.receivable.findFirst({ where: { id, shopId: link.shopId, customerId: link.customerId, status: "open" } });
}

export async function customerAction(db: Db, deps: NoticeDeps, link: PageCustomer, form: FormData, now: Date): Promise<CustomerActionResult> {
  const receivable = await ownReceivable(db, link, form.get("receivableId"));
  if (!receivable) return refused({ code: "unknown_order" }, "unknown order");
  try {
    switch (form.get("intent")) {
      case "paid": {
        assertWorkflowAllows(receivable, "customer_says_paid");
        // said before and not yet checked by staff: the pause and the task stand, nothing is extended
        const open = await db.task.count({ where: { shopId: link.shopId, receivableId: receivable.id, kind: "check_payment", doneAt: null } });
        if (open) return { ok: true, done: "paid" };
        await pauseReceivable(db, link.shopId, receivable.id, new Date(now.getTime() + ALREADY_PAID_PAUSE_DAYS * 86_400_000), "customer says it is paid", now);
        await createTask(db, { shopId: link.shopId, receivableId: receivable.id, kind: "check_payment", words: { text: "check_payment", order: receivable.orderName } }, now);
        return { ok: true, done: "paid" };
      }
      case "promise": {
        await makePromise(db, { shopId: link.shopId, receivableId: receivable.id, source: "customer", promisedFor: dayFromForm(form.get("promisedFor")) }, now);
        return { ok: true, done: "promise" };
      }
      case "dispute": {
        const recent = await db.disputeMessage.count({
          where: { author: "customer", createdAt: { gt: new Date(now.getTime() - 3_600_000) }, dispute: { receivableId: receivable.id } },
        });
        if (recent >= MAX_CUSTOMER_MESSAGES_PER_HOUR) return refused({ code: "dispute_wait" }, "we received your messages; please wait for our answer");
        await openDispute(db, deps, {
          shopId: link.shopId, receivableId: receivable.id, source: "customer",
          reason: String(form.get("reason") ?? ""), message: String(form.get("message") ?? "").slice(0, 5000),
        }, now);
        return { ok: true, done: "dispute" };
      }
      case "arrangement": {
        const instalments = Number(form.get("instalments"));
        const intervalDays = Number(form.get("intervalDays"));
        const firstDueAt = dayFromForm(form.get("firstDueAt"));
        const arrangement = await proposeArrangement(db, deps, { shopId: link.shopId, receivableId: receivable.id, source: "customer", instalments, intervalDays, firstDueAt }, now);
        return { ok: true, done: arrangement.status === "active" ? "arrangement_active" : "arrangement_pending", count: instalments };
      }
      default:
        return refused({ code: "unknown_action" }, "unknown action");
    }
  } catch (error) {
    // the customer reads the reason in their words; a staff matter (not expected here) as "not possible"
    if (error instanceof RefusalError) return refused(customerRefusal(error.refusal), error.message);
    throw error;
  }
}
