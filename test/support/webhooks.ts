/** Sends webhooks the way Shopify does: raw JSON body, HMAC from the app secret, Shopify's headers. */
import { randomUUID } from "node:crypto";
import { getHmac } from "@shopify/shopify-api/test-helpers";
import type { Db } from "../../app/db/client";
import { TEST_API_SECRET } from "./appServer";
import { WEBHOOK_API_VERSION } from "./shopifyExamples";

export const TEST_SHOP = "dunly-test.myshopify.com";

export interface SendOptions {
  shop?: string;
  webhookId?: string;
  secret?: string;
  signature?: string;
  headers?: Record<string, string>;
}

export async function sendWebhook(baseUrl: string, topic: string, body: unknown, options: SendOptions = {}) {
  const raw = typeof body === "string" ? body : JSON.stringify(body);
  const webhookId = options.webhookId ?? randomUUID();
  const response = await fetch(`${baseUrl}/webhooks`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "X-Shopify-Topic": topic,
      "X-Shopify-Hmac-Sha256": options.signature ?? getHmac(raw, options.secret ?? TEST_API_SECRET),
      "X-Shopify-Shop-Domain": options.shop ?? TEST_SHOP,
      "X-Shopify-API-Version": WEBHOOK_API_VERSION,
      "X-Shopify-Webhook-Id": webhookId,
      "X-Shopify-Triggered-At": new Date().toISOString(),
      ...options.headers,
    },
    body: raw,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown>, webhookId };
}

/** Waits until the app has applied (or refused) a delivery: the work happens after the 200. */
export async function settled(db: Db, webhookId: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const delivery = await db.webhookDelivery.findUnique({ where: { webhookId } });
    if (delivery && !["queued", "processing"].includes(delivery.status)) return delivery;
    if (Date.now() > deadline) throw new Error(`delivery ${webhookId} still ${delivery?.status ?? "missing"}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Sends and waits; fails loudly when the app did not accept the delivery. */
export async function deliver(db: Db, baseUrl: string, topic: string, body: unknown, options: SendOptions = {}) {
  const sent = await sendWebhook(baseUrl, topic, body, options);
  if (sent.status !== 200) throw new Error(`${topic} answered ${sent.status}: ${JSON.stringify(sent.body)}`);
  return settled(db, sent.webhookId);
}
