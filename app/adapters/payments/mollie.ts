/**
 * Mollie (iDEAL, Bancontact, cards) through its Payments API v2 over plain HTTP: a payment for
 * exactly an instalment's amount, and the payment read back when its webhook calls (Mollie's
 * webhook carries only the id: what counts is what Mollie's API then answers).
 *
 * Not @mollie/api-client: it pins its own CA bundle and https agent, so it cannot talk to anything
 * but api.mollie.com, and the tests need a local server that speaks Mollie's API. Two endpoints
 * (create, get) are all this needs. DUNLY_MOLLIE_API_ENDPOINT points at that local server.
 */
import { asCurrency, parseMinor, toDecimalString, type CurrencyCode } from "../../domain/money";

export const MOLLIE_API = "https://api.mollie.com/v2/";
const TIMEOUT_MS = 10_000;

export interface MolliePaymentRequest {
  amountMinor: number;
  currency: CurrencyCode;
  description: string;
  redirectUrl: string;
  webhookUrl: string;
  metadata: Record<string, string>;
}

export interface MolliePaymentState {
  id: string;
  status: string;
  amountMinor: number;
  currency: CurrencyCode;
  metadata: Record<string, string>;
  checkoutUrl: string | null;
  paidAt: Date | null;
}

export interface MollieGateway {
  createPayment(request: MolliePaymentRequest): Promise<MolliePaymentState>;
  getPayment(id: string): Promise<MolliePaymentState>;
}

/** Mollie's answer to a refused call: status, title, detail and the field at fault. */
export class MollieError extends Error {
  override name = "MollieError";
  constructor(readonly status: number, detail: string, readonly field: string | null = null) {
    super(`Mollie ${status}: ${detail}${field ? ` (${field})` : ""}`);
  }
}

export const isMollieKey = (key: string) => /^(live|test)_[A-Za-z0-9]{30,40}$/.test(key);

interface PaymentBody {
  id: string;
  status: string;
  amount: { currency: string; value: string };
  metadata: Record<string, string> | null;
  paidAt?: string;
  _links: { checkout?: { href: string } };
}

function stateOf(body: PaymentBody): MolliePaymentState {
  const currency = asCurrency(body.amount.currency);
  return {
    id: body.id, status: body.status, amountMinor: parseMinor(body.amount.value, currency), currency, metadata: body.metadata ?? {},
    checkoutUrl: body._links.checkout?.href ?? null, paidAt: body.paidAt ? new Date(body.paidAt) : null,
  };
}

export function mollieGateway(apiKey: string, apiEndpoint = process.env.DUNLY_MOLLIE_API_ENDPOINT || MOLLIE_API): MollieGateway {
  const base = apiEndpoint.endsWith("/") ? apiEndpoint : `${apiEndpoint}/`;
  async function call(path: string, init: { method: "GET" | "POST"; body?: unknown }): Promise<PaymentBody> {
    const response = await fetch(new URL(path, base), {
      method: init.method,
      headers: { Authorization: `Bearer ${apiKey}`, Accept: "application/hal+json", ...(init.body ? { "Content-Type": "application/json" } : {}) },
      body: init.body ? JSON.stringify(init.body) : undefined,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const text = await response.text();
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(text);
    } catch {
      throw new MollieError(response.status, `not JSON: ${text.slice(0, 120)}`);
    }
    if (!response.ok) throw new MollieError(response.status, String(body.detail ?? body.title ?? "error"), typeof body.field === "string" ? body.field : null);
    return body as unknown as PaymentBody;
  }
  return {
    async createPayment(request) {
      return stateOf(await call("payments", {
        method: "POST",
        body: {
          amount: { currency: request.currency, value: toDecimalString(request.amountMinor, request.currency) },
          description: request.description, redirectUrl: request.redirectUrl, webhookUrl: request.webhookUrl, metadata: request.metadata,
        },
      }));
    },
    async getPayment(id) {
      if (!/^tr_[A-Za-z0-9]+$/.test(id)) throw new MollieError(404, `no payment ${id}`);
      return stateOf(await call(`payments/${id}`, { method: "GET" }));
    },
  };
}
