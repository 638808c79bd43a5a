/** Reads and checks a webhook request; the route turns the outcome into a response. */
import { isKnownTopic, type Topic } from "./topics";
import { checkPayload } from "./payloadCheck";
import { isValidWebhookSignature } from "./webhookSignature";
import { parseShopifyJson, PayloadError, type Json } from "./json";
import type { IncomingDelivery } from "../../services/webhookQueue";

/** Shopify's webhook bodies stay far below this; anything larger is not from Shopify. */
export const MAX_WEBHOOK_BYTES = 4 * 1024 * 1024;

export type WebhookCheck =
  | { ok: true; delivery: IncomingDelivery }
  | { ok: false; status: number; error: string; delivery?: IncomingDelivery };

const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

export async function readWebhook(request: Request, secret: string): Promise<WebhookCheck> {
  if (request.method !== "POST") return { ok: false, status: 405, error: "webhooks are POST requests" };
  const length = Number(request.headers.get("content-length") ?? 0);
  if (length > MAX_WEBHOOK_BYTES) return { ok: false, status: 413, error: "body too large" };
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.byteLength > MAX_WEBHOOK_BYTES) return { ok: false, status: 413, error: "body too large" };
  if (!isValidWebhookSignature(bytes, request.headers.get("x-shopify-hmac-sha256"), secret)) {
    return { ok: false, status: 401, error: "invalid webhook signature" };
  }
  // the text exactly as sent: a byte-order mark is not silently dropped, invalid UTF-8 is not repaired
  let rawBody: string;
  try {
    rawBody = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return { ok: false, status: 400, error: "malformed JSON body: not UTF-8 text" };
  }
  const header = (name: string) => request.headers.get(name)?.trim() ?? "";
  const delivery: IncomingDelivery = {
    webhookId: header("x-shopify-webhook-id") || header("x-shopify-event-id"),
    shopDomain: header("x-shopify-shop-domain").toLowerCase(),
    topic: header("x-shopify-topic"),
    apiVersion: header("x-shopify-api-version"),
    payload: rawBody,
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
    checkPayload(delivery.topic as Topic, parsed as Json);
  } catch (error) {
    if (!(error instanceof PayloadError)) throw error;
    return { ok: false, status: 422, error: `invalid ${delivery.topic} payload: ${error.message}`, delivery };
  }
  return { ok: true, delivery };
}
