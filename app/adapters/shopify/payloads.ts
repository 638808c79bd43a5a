/** REST-shaped webhook payloads -> domain facts. Every bad field is a PayloadError naming it. */
import { addMinor, asCurrency, parseMinor, MoneyError, type CurrencyCode } from "../../domain/money";
import type { LedgerFact, OrderSnapshot, PaymentTermsSnapshot } from "../../domain/ledger";
import {
  asObject, bool, date, gidFromId, gidFromNumericId, list, optDate, optStr, PayloadError, recordGid, str, type Json,
} from "./json";

export interface CustomerRecord {
  gid: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  company: string | null;
  phone: string | null;
  locale: string | null;
  countryCode: string | null;
  address1: string | null;
  address2: string | null;
  zip: string | null;
  city: string | null;
  province: string | null;
  tags: string;
  updatedAt: Date | null;
}

function money(obj: Json, key: string, currency: CurrencyCode): number {
  try {
    return parseMinor(obj[key], currency);
  } catch (error) {
    if (error instanceof MoneyError) throw new PayloadError(`${key}: ${error.message}`);
    throw error;
  }
}

function currencyOf(obj: Json, key: string): CurrencyCode {
  try {
    return asCurrency(obj[key]);
  } catch (error) {
    throw new PayloadError(`${key}: ${(error as Error).message}`);
  }
}

export function orderSnapshotFromPayload(payload: unknown): OrderSnapshot {
  const order = asObject(payload, "order");
  const currency = currencyOf(order, "currency");
  const totalKey = "current_total_price" in order ? "current_total_price" : "total_price";
  const totalMinor = money(order, totalKey, currency);
  const outstandingMinor = money(order, "total_outstanding", currency);
  for (const [key, minor] of [[totalKey, totalMinor], ["total_outstanding", outstandingMinor]] as const) {
    if (minor < 0) throw new PayloadError(`${key} must not be negative`);
  }
  const customer = order.customer ? asObject(order.customer, "customer") : null;
  const createdAt = date(order, "created_at");
  return {
    orderGid: recordGid(order, "Order"),
    orderName: str(order, "name"),
    currency,
    issuedAt: optDate(order, "processed_at") ?? createdAt,
    updatedAt: optDate(order, "updated_at") ?? createdAt,
    totalMinor,
    outstandingMinor,
    financialStatus: optStr(order, "financial_status") ?? "pending",
    cancelledAt: optDate(order, "cancelled_at"),
    paymentTerms: order.payment_terms ? paymentTermsFromPayload(order.payment_terms) : null,
    customerGid: customer ? customerGid(customer) : null,
    paymentUrl: httpsUrl(optStr(order, "order_status_url")),
    test: bool(order, "test"),
    presentment: presentmentOf(order, currency, totalKey),
  };
}

/** The customer's currency and the order's total in it, when the customer pays in another currency than the shop's. */
function presentmentOf(order: Json, shopCurrency: CurrencyCode, totalKey: string): OrderSnapshot["presentment"] {
  const code = optStr(order, "presentment_currency");
  if (!code || code === shopCurrency) return null;
  const set = order[`${totalKey}_set`];
  if (!set || typeof set !== "object") return null;
  const presented = asObject((set as Json).presentment_money, `${totalKey}_set.presentment_money`);
  const currency = currencyOf(presented, "currency_code");
  if (currency !== code) throw new PayloadError(`${totalKey}_set.presentment_money is in ${currency}, presentment_currency says ${code}`);
  const totalMinor = money(presented, "amount", currency);
  return totalMinor > 0 ? { currency, totalMinor } : null;
}

export function paymentTermsFromPayload(payload: unknown): PaymentTermsSnapshot {
  const terms = asObject(payload, "payment_terms");
  const schedules = list(terms, "payment_schedules").map((s) => asObject(s, "payment_schedule"));
  const open = schedules.filter((s) => !optDate(s, "completed_at"));
  const dueDates = open.map((s) => optDate(s, "due_at")).filter((d): d is Date => d !== null);
  const dueInDays = terms.due_in_days;
  if (dueInDays != null && (!Number.isInteger(dueInDays) || (dueInDays as number) < 0 || (dueInDays as number) > 3650)) {
    throw new PayloadError("due_in_days must be a whole number of days between 0 and 3650");
  }
  return {
    gid: optStr(terms, "admin_graphql_api_id"),
    name: optStr(terms, "payment_terms_name") ?? "",
    type: (optStr(terms, "payment_terms_type") ?? "unknown").toUpperCase(),
    dueInDays: (dueInDays as number | null | undefined) ?? null,
    nextDueAt: dueDates.length ? new Date(Math.min(...dueDates.map((d) => d.getTime()))) : null,
  };
}

/** Only https links go into customer messages. */
export function httpsUrl(value: string | null): string | null {
  return value && /^https:\/\/[^\s"<>]+$/.test(value) ? value : null;
}

function customerGid(customer: Json): string {
  return customer.admin_graphql_api_id !== undefined && customer.admin_graphql_api_id !== null
    ? recordGid(customer, "Customer")
    : gidFromId(customer, "id", "Customer");
}

/** Customer data from customers/update or the customer object inside an order. */
export function customerFromPayload(payload: unknown, orderLocale: string | null = null): CustomerRecord {
  const customer = asObject(payload, "customer");
  const address = customer.default_address ? asObject(customer.default_address, "default_address") : {};
  const tags = optStr(customer, "tags") ?? "";
  return {
    gid: customerGid(customer),
    email: optStr(customer, "email"),
    firstName: optStr(customer, "first_name"),
    lastName: optStr(customer, "last_name"),
    company: optStr(address, "company"),
    phone: optStr(customer, "phone"),
    locale: optStr(customer, "locale") ?? orderLocale,
    countryCode: optStr(address, "country_code"),
    address1: optStr(address, "address1"),
    address2: optStr(address, "address2"),
    zip: optStr(address, "zip"),
    city: optStr(address, "city"),
    province: optStr(address, "province"),
    tags: tags.split(",").map((t) => t.trim()).filter(Boolean).join(", "),
    updatedAt: optDate(customer, "updated_at"),
  };
}

const MONEY_IN_KINDS = new Set(["sale", "capture"]);

/**
 * order_transactions/create: a successful sale or capture is a payment. Refund transactions are
 * counted through refunds/create (which carries them), authorizations and voids move no money.
 */
export function paymentFactFromTransaction(payload: unknown): LedgerFact | null {
  const tx = asObject(payload, "transaction");
  const kind = str(tx, "kind");
  if (!MONEY_IN_KINDS.has(kind) || str(tx, "status") !== "success") return null;
  const currency = currencyOf(tx, "currency");
  const amountMinor = money(tx, "amount", currency);
  if (amountMinor <= 0) throw new PayloadError("a payment amount must be positive");
  const createdAt = optDate(tx, "created_at");
  return {
    kind: "payment",
    key: recordGid(tx, "OrderTransaction"),
    orderGid: gidFromId(tx, "order_id", "Order"),
    occurredAt: optDate(tx, "processed_at") ?? createdAt ?? date(tx, "created_at"),
    currency,
    amountMinor,
    outstandingDeltaMinor: -amountMinor,
  };
}

/**
 * refunds/create: refunded line items and shipping lower what is owed; money sent back to the
 * customer raises it again (the order total drops, but so does what was paid).
 */
export function refundFactFromPayload(payload: unknown, fallbackCurrency: CurrencyCode): LedgerFact {
  const refund = asObject(payload, "refund");
  let currency: CurrencyCode | null = null;
  const shopMoney = (set: unknown, what: string): number => {
    const shop = asObject(asObject(set, what).shop_money, `${what}.shop_money`);
    const code = currencyOf(shop, "currency_code");
    if (currency && code !== currency) throw new PayloadError(`${what} mixes currencies ${currency} and ${code}`);
    currency = code;
    return money(shop, "amount", code);
  };
  const add = (a: number, b: number) => {
    try {
      return addMinor(a, b);
    } catch (error) {
      throw new PayloadError(`refund ${(error as Error).message}`);
    }
  };
  let reducedMinor = 0;
  for (const line of list(refund, "refund_line_items").map((l) => asObject(l, "refund_line_item"))) {
    reducedMinor = add(reducedMinor, add(shopMoney(line.subtotal_set, "subtotal_set"), shopMoney(line.total_tax_set, "total_tax_set")));
  }
  for (const line of list(refund, "refund_shipping_lines").map((l) => asObject(l, "refund_shipping_line"))) {
    if (line.subtotal_amount_set) reducedMinor = add(reducedMinor, shopMoney(line.subtotal_amount_set, "subtotal_amount_set"));
  }
  let returnedMinor = 0;
  for (const tx of list(refund, "transactions").map((t) => asObject(t, "transaction"))) {
    if (tx.kind !== "refund" || tx.status !== "success") continue;
    // Shopify sends currency null on some refund transactions: they are then in the refund's currency
    const code: CurrencyCode = tx.currency == null ? currency ?? fallbackCurrency : currencyOf(tx, "currency");
    if (currency && code !== currency) throw new PayloadError(`refund transaction in ${code}, refund in ${currency}`);
    currency = code;
    returnedMinor = add(returnedMinor, money(tx, "amount", code));
  }
  return {
    kind: "refund",
    key: recordGid(refund, "Refund"),
    orderGid: gidFromId(refund, "order_id", "Order"),
    occurredAt: optDate(refund, "processed_at") ?? date(refund, "created_at"),
    currency: currency ?? fallbackCurrency,
    amountMinor: Math.max(reducedMinor, returnedMinor),
    outstandingDeltaMinor: returnedMinor - reducedMinor,
  };
}

export interface ShopifyDispute {
  disputeGid: string;
  orderGid: string;
  status: string;
  currency: string;
  initiatedAt: Date;
  reason: unknown;
  amount: unknown;
  type: unknown;
}

/** disputes/create and disputes/update (Shopify Payments chargebacks and inquiries). */
export function disputeFromPayload(payload: unknown): ShopifyDispute {
  const dispute = asObject(payload, "dispute");
  return {
    disputeGid: gidFromId(dispute, "id", "ShopifyPaymentsDispute"),
    orderGid: gidFromId(dispute, "order_id", "Order"),
    status: str(dispute, "status"),
    currency: str(dispute, "currency"),
    initiatedAt: date(dispute, "initiated_at"),
    reason: dispute.reason ?? null, amount: dispute.amount ?? null, type: dispute.type ?? null,
  };
}

/** Whom a customers/data_request or customers/redact is about. */
export function complianceSubjectFromPayload(payload: unknown): { customerGid: string; orderGids: string[]; email: string | null } {
  const request = asObject(payload, "payload");
  const customer = asObject(request.customer, "customer");
  const orders = Array.isArray(request.orders_to_redact) ? request.orders_to_redact
    : Array.isArray(request.orders_requested) ? request.orders_requested : [];
  return {
    customerGid: gidFromId(customer, "id", "Customer"),
    orderGids: orders.map((id) => gidFromNumericId(id, "order id", "Order")),
    email: typeof customer.email === "string" ? customer.email : null,
  };
}

/** Payment terms webhooks name the terms, not the order: their gid. */
export function paymentTermsGidFromPayload(payload: unknown): string {
  const terms = asObject(payload, "payment_terms");
  return typeof terms.payment_terms_id !== "undefined"
    ? gidFromId(terms, "payment_terms_id", "PaymentTerms")
    : gidFromId(terms, "id", "PaymentTerms");
}

export { PayloadError };
