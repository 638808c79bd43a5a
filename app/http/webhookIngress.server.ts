/**
 * Shopify's webhooks, answered before Remix: the route module's work (app/routes/webhooks.tsx)
 * without turning Node's request into a Fetch Request and matching routes, which cost more than
 * storing the delivery. server/index.mjs mounts it for POST /webhooks.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import db from "../db.server";
import { clock } from "../clock.server";
import { checkWebhook, MAX_WEBHOOK_BYTES, type WebhookCheck } from "../adapters/shopify/webhookRequest";
import { receiveWebhook } from "../services/ingest/receiveWebhook";
import { kickQueue } from "../services/ingest/queueRunner.server";
import { BodyTooLarge, readNodeBodyBytes } from "./readBody.server";

export async function webhookIngress(request: IncomingMessage, response: ServerResponse): Promise<void> {
  let check: WebhookCheck;
  try {
    const bytes = await readNodeBodyBytes(request, MAX_WEBHOOK_BYTES);
    check = checkWebhook(bytes, (name) => headerValue(request, name), process.env.SHOPIFY_API_SECRET ?? "");
  } catch (error) {
    if (!(error instanceof BodyTooLarge)) throw error;
    check = { ok: false, status: 413, error: error.message };
  }
  const answer = await receiveWebhook(db, check, clock(), kickQueue);
  const body = JSON.stringify(answer.body);
  response.writeHead(answer.status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body), ...answer.headers });
  response.end(body);
}

/** Repeated headers joined as the Fetch API joins them. */
function headerValue(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(", ") : value;
}
