/**
 * Recording money received outside checkout on Shopify orders: orderMarkAsPaid when it settles the
 * order, orderCreateManualPayment for part of it. Answers say what happened in plain terms, so
 * the caller can store it and explain a refusal to the merchant.
 */
import { asCurrency, parseMinor, toDecimalString, type CurrencyCode } from "../../../domain/money";
import { AdminApiError, type AdminGraphql } from "./client";
import { MANUAL_PAYMENT_MUTATION, MARK_ORDER_PAID_MUTATION, ORDERS_PAYMENT_STATE_QUERY, PAYMENT_REFERENCES_MUTATION } from "./queries";

interface MoneyBag { shopMoney: { amount: string; currencyCode: string } }
interface PaymentStateNode { id: string; updatedAt: string; displayFinancialStatus: string | null; totalOutstandingSet: MoneyBag }
interface TransactionNode { id: string; kind: string; status: string; gateway: string | null; createdAt: string; processedAt: string | null; amountSet: MoneyBag }
interface RecordedOrder extends PaymentStateNode { transactions: TransactionNode[] }
interface UserError { field: string[] | null; message: string; code?: string | null }

export interface OrderPaymentState {
  orderGid: string;
  outstandingMinor: number;
  currency: CurrencyCode;
  financialStatus: string;
  updatedAt: Date;
}

export type WriteBackOutcome =
  | { kind: "recorded"; transactionGid: string | null; recordedAt: Date }
  /** Shopify refuses for good (permissions, plan, gateway): a person has to do it */
  | { kind: "refused"; reason: string }
  /** try again later */
  | { kind: "retry"; reason: string };

const MAX_NODES = 50;

function stateOf(node: PaymentStateNode): OrderPaymentState {
  const currency = asCurrency(node.totalOutstandingSet.shopMoney.currencyCode);
  return {
    orderGid: node.id, currency, outstandingMinor: parseMinor(node.totalOutstandingSet.shopMoney.amount, currency),
    financialStatus: (node.displayFinancialStatus ?? "PENDING").toLowerCase(), updatedAt: new Date(node.updatedAt),
  };
}

/** One query per 50 orders: what Shopify holds now. Orders Shopify no longer has are left out. */
export async function readPaymentStates(admin: AdminGraphql, orderGids: readonly string[]): Promise<Map<string, OrderPaymentState>> {
  const states = new Map<string, OrderPaymentState>();
  for (let i = 0; i < orderGids.length; i += MAX_NODES) {
    const data = await admin.request<{ nodes: (PaymentStateNode | null)[] }>(ORDERS_PAYMENT_STATE_QUERY, { ids: orderGids.slice(i, i + MAX_NODES) });
    for (const node of data.nodes) if (node?.id) states.set(node.id, stateOf(node));
  }
  return states;
}

/** The transaction the mutation just made: the newest successful sale on the order. */
function newestPayment(order: RecordedOrder | null, notBefore: Date): { transactionGid: string | null; recordedAt: Date } {
  const sales = (order?.transactions ?? [])
    .filter((t) => t.status === "SUCCESS" && (t.kind === "SALE" || t.kind === "CAPTURE"))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const newest = sales[0];
  if (!newest || new Date(newest.createdAt) < new Date(notBefore.getTime() - 60_000)) return { transactionGid: null, recordedAt: new Date(order?.updatedAt ?? notBefore) };
  return { transactionGid: newest.id, recordedAt: new Date(newest.createdAt) };
}

const PERMANENT = /access denied|not approved|permission|scope|plan|GATEWAY_NOT_FOUND|AMOUNT_EXCEEDS_BALANCE|ORDER_NOT_FOUND|AMOUNT_NOT_POSITIVE|PROCESSED_AT_INVALID/i;

function outcomeOfErrors(errors: UserError[]): WriteBackOutcome {
  const reason = errors.map((e) => `${e.code ? `${e.code}: ` : ""}${e.message}`).join("; ");
  return errors.some((e) => e.code === "ORDER_IS_TEMPORARILY_UNAVAILABLE") ? { kind: "retry", reason } : { kind: "refused", reason };
}

async function mutate(admin: AdminGraphql, run: () => Promise<{ order: RecordedOrder | null; userErrors: UserError[] }>, startedAt: Date): Promise<WriteBackOutcome> {
  try {
    const payload = await run();
    if (payload.userErrors.length) return outcomeOfErrors(payload.userErrors);
    return { kind: "recorded", ...newestPayment(payload.order, startedAt) };
  } catch (error) {
    const message = (error as Error).message;
    if (error instanceof AdminApiError && PERMANENT.test(message)) return { kind: "refused", reason: message };
    return { kind: "retry", reason: message };
  }
}

export function markOrderPaid(admin: AdminGraphql, orderGid: string, now: Date): Promise<WriteBackOutcome> {
  return mutate(admin, async () => (await admin.request<{ orderMarkAsPaid: { order: RecordedOrder | null; userErrors: UserError[] } }>(
    MARK_ORDER_PAID_MUTATION, { input: { id: orderGid } })).orderMarkAsPaid, now);
}

export function recordManualPayment(
  admin: AdminGraphql, orderGid: string, amountMinor: number, currency: CurrencyCode, methodName: string, processedAt: Date, now: Date,
): Promise<WriteBackOutcome> {
  // Shopify refuses a processedAt in the future; a booking date later today is "now"
  const at = processedAt > now ? now : processedAt;
  return mutate(admin, async () => (await admin.request<{ orderCreateManualPayment: { order: RecordedOrder | null; userErrors: UserError[] } }>(
    MANUAL_PAYMENT_MUTATION,
    { id: orderGid, amount: { amount: toDecimalString(amountMinor, currency), currencyCode: currency }, paymentMethodName: methodName, processedAt: at.toISOString() },
  )).orderCreateManualPayment, now);
}

export interface RecordedReference {
  amount: string;
  currency: string;
  /** the booking date (bank) or payment date (Mollie), YYYY-MM-DD */
  date: string;
  /** the bank's reference of the entry, or the provider's payment id */
  reference: string;
  source: string;
}

/**
 * Shopify's manual payments carry no reference: the payments we recorded on an order are kept on
 * the order too, as the app's JSON metafield `bank_payments` (the whole list each time, so writing
 * it again is harmless). Returns Shopify's refusal, if any.
 */
export async function recordPaymentReferences(admin: AdminGraphql, orderGid: string, references: RecordedReference[]): Promise<string | null> {
  const data = await admin.request<{ metafieldsSet: { userErrors: UserError[] } }>(PAYMENT_REFERENCES_MUTATION, {
    metafields: [{ ownerId: orderGid, namespace: "$app:dunly", key: "bank_payments", type: "json", value: JSON.stringify(references) }],
  });
  const errors = data.metafieldsSet.userErrors;
  return errors.length ? errors.map((e) => e.message).join("; ") : null;
}
