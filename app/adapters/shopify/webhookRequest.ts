/** Reads and checks a webhook request; the route turns the outcome into a response. */
import { isKnownTopic, type Topic } from "./topics";
import { checkPayload, checkShopBinding } from "./payloadCheck";
import { isValidWebhookSignature } from "./webhookSignature";
import { BodyTooLarge, readBodyBytes } from "../../http/readBody.server";
import { parseShopifyJson, PayloadError, type Json } from "./json";
import type { IncomingDelivery } from "../../services/ingest/webhookQueue";

/** Shopify's webhook bodies stay far below this; anything larger is not from Shopify. */
export const MAX_WEBHOOK_BYTES = 4 * 1024 * 1024;

export type WebhookCheck =
  | { ok: true; delivery: IncomingDelivery }
  | { ok: false; status: number; error: string; delivery?: IncomingDelivery };

const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

/** When Shopify says the event happened; absent or unreadable: unknown. */
function triggeredAt(value: string): Date | null {
  const date = /^\d{4}-\d{2}-\d{2}T/.test(value) ? new Date(value) : null;
  return date && !Number.isNaN(date.getTime()) ? date : null;
}

export async function readWebhook(request: Request, secret: string): Promise<WebhookCheck> {
  if (request.method !== "POST") return { ok: false, status: 405, error: "webhooks are POST requests" };
  let bytes: Uint8Array;
  try {
    bytes = await readBodyBytes(request, MAX_WEBHOOK_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLarge) return { ok: false, status: 413, error: error.message };
    throw error;
  }
  return checkWebhook(bytes, (name) => request.headers.get(name), secret);
}

/** A header by its lower-case name, from a Fetch request or Node's IncomingMessage alike. */
export type HeaderOf = (name: string) => string | null | undefined;

/** Checks a webhook's body bytes and headers: signature, identity headers, topic, payload shape. */
export function checkWebhook(bytes: Uint8Array, headerOf: HeaderOf, secret: string): WebhookCheck {
  if (!isValidWebhookSignature(bytes, headerOf("x-shopify-hmac-sha256") ?? null, secret)) {
    return { ok: false, status: 401, error: "invalid webhook signature" };
  }
  // the text exactly as sent: a byte-order mark is not silently dropped, invalid UTF-8 is not repaired
  let rawBody: string;
  try {
    rawBody = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return { ok: false, status: 400, error: "malformed JSON body: not UTF-8 text" };
  }
  const header = (name: string) => headerOf(name)?.trim() ?? "";
  const delivery: IncomingDelivery = {
    webhookId: header("x-shopify-webhook-id") || header("x-shopify-event-id"),
    shopDomain: header("x-shopify-shop-domain").toLowerCase(),
    topic: header("x-shopify-topic"),
    apiVersion: header("x-shopify-api-version"),
    payload: rawBody,
    triggeredAt: triggeredAt(header("x-shopify-triggered-at")),
  };
  if (!delivery.webhookId || delivery.webhookId.length > 200) return { ok: false, status: 400, error: "missing or invalid X-Shopify-Webhook-Id" };
  if (!SHOP_DOMAIN.test(delivery.shopDomain)) return { ok: false, status: 400, error: "missing or invalid X-Shopify-Shop-Domain" };
  if (!isKnownTopic(delivery.topic)) return { ok: false, status: 400, error: `unsupported topic ${JSON.stringify(delivery.topic)}` };
  let parsed: unknown;
  try {
    parsed = parseShopifyJson(rawBody);
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("not a JSON object");
  } catch (error) {
    return { ok: false, status: 400, error: `malformed JSON body: ${(error as Error).message}`, delivery };
  }
  try {
    checkPayload(delivery.topic as Topic, parsed as Json, rawBody);
    checkShopBinding(delivery.topic as Topic, parsed as Json, delivery.shopDomain);
  } catch (error) {
    if (!(error instanceof PayloadError)) throw error;
    return { ok: false, status: 422, error: `invalid ${delivery.topic} payload: ${error.message}`, delivery };
  }
  return { ok: true, delivery };
}
