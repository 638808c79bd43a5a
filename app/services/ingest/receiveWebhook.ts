/** What Shopify is answered for a checked webhook: stored first (the durable queue), then 200. */
import type { Db } from "../../db/client";
import type { WebhookCheck } from "../../adapters/shopify/webhookRequest";
import { recordDelivery, recordRejectedDelivery } from "./webhookQueue";

export interface WebhookAnswer {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
}

/** `queued` is told when there is new work for the worker. */
export async function receiveWebhook(db: Db, check: WebhookCheck, now: Date, queued: () => void): Promise<WebhookAnswer> {
  if (!check.ok && check.status === 413) return { status: 413, body: { ok: false, error: check.error } };
  try {
    if (!check.ok) {
      // A signed but unreadable body is kept for inspection: nothing Shopify sent is lost.
      if (check.delivery) await recordRejectedDelivery(db, check.delivery, check.error, now);
      return { status: check.status, body: { error: check.error } };
    }
    const result = await recordDelivery(db, check.delivery, now);
    if (result === "unknown_shop") return { status: 404, body: { error: `unknown shop ${check.delivery.shopDomain}` } };
    if (result === "queued") queued();
    return { status: 200, body: { ok: true, duplicate: result === "duplicate" } };
  } catch (error) {
    // not stored, so not answered 200: Shopify delivers it again
    console.error("webhook not stored:", error);
    return { status: 503, body: { error: "the app cannot store webhooks right now; retry later" }, headers: { "Retry-After": "10" } };
  }
}
