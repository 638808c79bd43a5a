/**
 * Subscription contracts through the Admin API: what a billing attempt webhook leaves out (the
 * amount, the billing cycle, the customer and their payment method), and the recovery's calls.
 */
import { asCurrency, parseMinor, sumMinor, type CurrencyCode } from "../../../domain/money";
import { httpsUrl, type CustomerRecord } from "../payloads";
import { PayloadError } from "../json";
import type { AdminGraphql } from "./client";
import { customerRecordOf, type CustomerNode } from "./orders";
import {
  CONTRACT_CANCEL_MUTATION, CONTRACT_PAUSE_MUTATION, PAYMENT_METHOD_UPDATE_EMAIL_MUTATION, RENEWAL_CONTRACT_QUERY, RENEWAL_CYCLE_QUERY,
  RENEWAL_RETRY_MUTATION,
} from "./queries";

interface MoneyV2 { amount: string; currencyCode: string }
interface MoneyBag { shopMoney: MoneyV2; presentmentMoney: MoneyV2 | null }

export interface BillingAttemptNode {
  id: string;
  idempotencyKey: string;
  createdAt: string;
  completedAt: string | null;
  originTime: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  nextActionUrl: string | null;
  order: { id: string } | null;
  transactions: { nodes: { kind: string; status: string; amountSet: MoneyBag }[] };
}

export interface RenewalContractNode {
  id: string;
  status: string;
  currencyCode: string;
  originOrder: { id: string; name: string } | null;
  customerPaymentMethod: { id: string; revokedAt: string | null } | null;
  customer: CustomerNode | null;
  lines: { nodes: { lineDiscountedPrice: MoneyV2 }[] };
  deliveryPrice: MoneyV2;
  billingAttempts: { nodes: BillingAttemptNode[] };
}

export interface RenewalAttempt {
  contractGid: string;
  currency: CurrencyCode;
  /** the origin order's name (#1001): renewals are named after it */
  originOrderName: string | null;
  originOrderGid: string | null;
  customer: CustomerRecord | null;
  /** null when the contract has none or it was revoked: no update email can be sent for it */
  paymentMethodGid: string | null;
  createdAt: Date;
  completedAt: Date | null;
  errorCode: string | null;
  errorMessage: string | null;
  /** 3-D Secure: where the customer confirms the charge */
  challengeUrl: string | null;
  /** what the attempt tried to charge: its transaction, else the contract's lines and delivery */
  amountMinor: number;
  cycleIndex: number;
  cycleDate: Date;
}

/** The failed charge's own amount when a transaction records it in the contract's currency. */
function transactionAmount(attempt: BillingAttemptNode, currency: CurrencyCode): number | null {
  for (const t of attempt.transactions.nodes) {
    if (t.kind !== "SALE" && t.kind !== "AUTHORIZATION") continue;
    const money = [t.amountSet.presentmentMoney, t.amountSet.shopMoney].find((m) => m?.currencyCode === currency);
    if (money) return parseMinor(money.amount, currency);
  }
  return null;
}

function contractAmount(node: RenewalContractNode, currency: CurrencyCode): number {
  const prices = [...node.lines.nodes.map((l) => l.lineDiscountedPrice), node.deliveryPrice];
  if (prices.some((p) => p.currencyCode !== currency)) throw new PayloadError(`contract ${node.id} mixes currencies`);
  return sumMinor(prices.map((p) => parseMinor(p.amount, currency)));
}

/**
 * The attempt a webhook named (by its idempotency key) with its contract and billing cycle: two
 * reads (the cycle is found by the attempt's date). Null when Shopify no longer knows the attempt.
 */
export async function readRenewalAttempt(admin: AdminGraphql, contractGid: string, idempotencyKey: string): Promise<RenewalAttempt | null> {
  const { subscriptionContract: node } = await admin.request<{ subscriptionContract: RenewalContractNode | null }>(RENEWAL_CONTRACT_QUERY, { id: contractGid });
  const attempt = node?.billingAttempts.nodes.find((a) => a.idempotencyKey === idempotencyKey);
  if (!node || !attempt) return null;
  const cycleAt = attempt.originTime ?? attempt.createdAt;
  const { subscriptionBillingCycle: cycle } = await admin.request<{ subscriptionBillingCycle: { cycleIndex: number; billingAttemptExpectedDate: string } | null }>(
    RENEWAL_CYCLE_QUERY, { contractId: contractGid, date: cycleAt },
  );
  if (!cycle) return null;
  const currency = asCurrency(node.currencyCode);
  const method = node.customerPaymentMethod;
  return {
    contractGid, currency, originOrderName: node.originOrder?.name ?? null, originOrderGid: node.originOrder?.id ?? null,
    customer: node.customer && customerRecordOf(node.customer, null),
    paymentMethodGid: method && !method.revokedAt ? method.id : null,
    createdAt: new Date(attempt.createdAt), completedAt: attempt.completedAt ? new Date(attempt.completedAt) : null,
    errorCode: attempt.errorCode?.toLowerCase() ?? null, errorMessage: attempt.errorMessage,
    challengeUrl: httpsUrl(attempt.nextActionUrl),
    amountMinor: transactionAmount(attempt, currency) ?? contractAmount(node, currency),
    cycleIndex: cycle.cycleIndex, cycleDate: new Date(cycle.billingAttemptExpectedDate),
  };
}

interface UserError { field: string[] | null; message: string; code?: string | null }

export type ContractCallOutcome = { ok: true } | { ok: false; message: string };

function outcomeOf(errors: UserError[]): ContractCallOutcome {
  return errors.length ? { ok: false, message: errors.map((e) => e.message).join("; ") } : { ok: true };
}

/** Bills the cycle again; Shopify answers the result later by webhook, with this key. */
export async function retryBillingCycle(admin: AdminGraphql, contractGid: string, cycleIndex: number, idempotencyKey: string): Promise<ContractCallOutcome> {
  const data = await admin.request<{ subscriptionBillingAttemptCreate: { userErrors: UserError[] } }>(RENEWAL_RETRY_MUTATION, {
    contractId: contractGid, input: { idempotencyKey, billingCycleSelector: { index: cycleIndex } },
  });
  return outcomeOf(data.subscriptionBillingAttemptCreate.userErrors);
}

/** Shopify's own email asking the customer to update the card (their secure page, not ours). */
export async function sendPaymentMethodUpdateEmail(admin: AdminGraphql, paymentMethodGid: string): Promise<ContractCallOutcome> {
  const data = await admin.request<{ customerPaymentMethodSendUpdateEmail: { userErrors: UserError[] } }>(PAYMENT_METHOD_UPDATE_EMAIL_MUTATION, { id: paymentMethodGid });
  return outcomeOf(data.customerPaymentMethodSendUpdateEmail.userErrors);
}

export async function endContract(admin: AdminGraphql, contractGid: string, action: "pause" | "cancel"): Promise<ContractCallOutcome> {
  if (action === "pause") {
    const data = await admin.request<{ subscriptionContractPause: { userErrors: UserError[] } }>(CONTRACT_PAUSE_MUTATION, { id: contractGid });
    return outcomeOf(data.subscriptionContractPause.userErrors);
  }
  const data = await admin.request<{ subscriptionContractCancel: { userErrors: UserError[] } }>(CONTRACT_CANCEL_MUTATION, { id: contractGid });
  return outcomeOf(data.subscriptionContractCancel.userErrors);
}
