/**
 * Calls to the app from the customer account: its absolute URL (customer account extensions
 * call out with network_access) and the customer's session token from shopify.sessionToken.
 */
import type { CustomerInvoices } from "../../../app/services/surfaces/customerAccount";
import type { InvoiceRequest } from "./views";

/** The app's URL (shopify.app.toml application_url): set before `shopify app deploy`, as the Flow tomls' URLs. */
export const APP_URL = "https://example.com";

interface CustomerAccountApi {
  sessionToken: { get(): Promise<string> };
  localization: { language: { value: { isoCode: string } } };
}

async function call<T>(api: CustomerAccountApi, path: string, body?: unknown): Promise<T> {
  const token = await api.sessionToken.get();
  const response = await fetch(`${APP_URL}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer = (await response.json().catch(() => ({}))) as { error?: string };
  if (!response.ok && !("ok" in answer)) throw new Error(answer.error ?? `the shop's app answered ${response.status}`);
  return answer as T;
}

export function loadInvoices(api: CustomerAccountApi, orderGid?: string): Promise<CustomerInvoices> {
  const language = api.localization.language.value.isoCode;
  return call(api, `/extensions/customer/invoices?locale=${encodeURIComponent(language)}${orderGid ? `&order=${encodeURIComponent(orderGid)}` : ""}`);
}

export type AskAnswer = { ok: true; done: string } | { ok: false; error: string };

/** The answer comes in the customer's language: a refusal is worded by the app. */
export function ask(api: CustomerAccountApi, request: InvoiceRequest): Promise<AskAnswer> {
  return call(api, "/extensions/customer/invoices", { ...request, locale: api.localization.language.value.isoCode });
}
