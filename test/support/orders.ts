/** Order, transaction and refund payloads built on Shopify's own examples, with fresh ids. */
import { shopifyExample } from "./shopifyExamples";

let next = 9_007_199_254_740_993n; // beyond 2^53 on purpose: ids must survive as digits

export function newOrderId(): string {
  next += 1n;
  return next.toString();
}

const iso = (date: Date) => date.toISOString();

export interface OrderOptions {
  id: string;
  total: string;
  outstanding: string;
  financialStatus: string;
  updatedAt: Date;
  createdAt?: Date;
  cancelledAt?: Date | null;
  currency?: string;
  customerId?: string;
  paymentTerms?: unknown;
  /** the customer pays in another currency: its code and the order's total in it */
  presentment?: { currency: string; total: string };
}

/** JSON text, so ids above 2^53 go out as bare numbers the way Shopify sends them. */
export function orderPayload(o: OrderOptions): string {
  const example = shopifyExample("orders/create");
  const customer = example.customer as Record<string, unknown>;
  const body = {
    ...example,
    id: "__ID__", admin_graphql_api_id: `gid://shopify/Order/${o.id}`, name: `#T${o.id.slice(-5)}`,
    created_at: iso(o.createdAt ?? new Date("2026-11-01T10:00:00Z")), processed_at: iso(o.createdAt ?? new Date("2026-11-01T10:00:00Z")),
    updated_at: iso(o.updatedAt), cancelled_at: o.cancelledAt ? iso(o.cancelledAt) : null,
    currency: o.currency ?? "EUR", presentment_currency: o.presentment?.currency ?? o.currency ?? "EUR",
    current_total_price: o.total, total_price: o.total, total_outstanding: o.outstanding,
    current_total_price_set: {
      shop_money: { amount: o.total, currency_code: o.currency ?? "EUR" },
      presentment_money: { amount: o.presentment?.total ?? o.total, currency_code: o.presentment?.currency ?? o.currency ?? "EUR" },
    },
    financial_status: o.financialStatus, payment_terms: o.paymentTerms ?? null, test: false,
    customer: o.customerId
      ? { ...customer, id: "__CUSTOMER__", admin_graphql_api_id: `gid://shopify/Customer/${o.customerId}`, updated_at: iso(o.updatedAt) }
      : null,
  };
  return JSON.stringify(body).replace('"__ID__"', o.id).replace('"__CUSTOMER__"', o.customerId ?? "null");
}

export function transactionPayload(o: { id: string; orderId: string; amount: string; at: Date; kind?: string; currency?: string }): string {
  const body = {
    ...shopifyExample("order_transactions/create"),
    id: "__ID__", order_id: "__ORDER__", admin_graphql_api_id: `gid://shopify/OrderTransaction/${o.id}`,
    kind: o.kind ?? "sale", status: "success", amount: o.amount, currency: o.currency ?? "EUR",
    created_at: iso(o.at), processed_at: iso(o.at),
  };
  return JSON.stringify(body).replace('"__ID__"', o.id).replace('"__ORDER__"', o.orderId);
}

export function refundPayload(o: { id: string; orderId: string; lineAmount: string; returned?: string; at: Date; currency?: string }): string {
  const example = shopifyExample("refunds/create");
  const line = (example.refund_line_items as Record<string, any>[])[0];
  const money = (amount: string) => ({ shop_money: { amount, currency_code: o.currency ?? "EUR" }, presentment_money: { amount, currency_code: o.currency ?? "EUR" } });
  const body = {
    ...example,
    id: "__ID__", order_id: "__ORDER__", admin_graphql_api_id: `gid://shopify/Refund/${o.id}`,
    created_at: iso(o.at), processed_at: iso(o.at),
    refund_line_items: [{ ...line, subtotal: Number(o.lineAmount), subtotal_set: money(o.lineAmount), total_tax: 0, total_tax_set: money("0.00") }],
    transactions: o.returned
      ? [{ ...(example.transactions as Record<string, unknown>[])[0], order_id: "__ORDER__", amount: o.returned, currency: o.currency ?? "EUR" }]
      : [],
  };
  return JSON.stringify(body).replace('"__ID__"', o.id).replaceAll('"__ORDER__"', o.orderId);
}
