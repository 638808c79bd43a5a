import type { ActionFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { clock } from "../clock.server";
import { tooLarge } from "../http/readBody.server";
import { readWebhook } from "../adapters/shopify/webhookRequest";
import { recordDelivery, recordRejectedDelivery, type IncomingDelivery } from "../services/ingest/webhookQueue";
import { kickQueue } from "../services/ingest/queueRunner.server";

/** Every topic, including the GDPR compliance topics, arrives here (see shopify.app.toml). */
export async function action({ request }: ActionFunctionArgs) {
  const check = await readWebhook(request, process.env.SHOPIFY_API_SECRET ?? "");
  if (!check.ok && check.status === 413) return tooLarge(check.error);
  try {
    if (!check.ok) {
      // A signed but unreadable body is kept for inspection: nothing Shopify sent is lost.
      if (check.delivery) await recordRejectedDelivery(db, check.delivery, check.error, clock());
      return Response.json({ error: check.error }, { status: check.status });
    }
    return await answer(check.delivery);
  } catch (error) {
    // not stored, so not answered 200: Shopify delivers it again
    console.error("webhook not stored:", error);
    return Response.json({ error: "the app cannot store webhooks right now; retry later" }, { status: 503, headers: { "Retry-After": "10" } });
  }
}

async function answer(delivery: IncomingDelivery): Promise<Response> {
  const result = await recordDelivery(db, delivery, clock());
  if (result === "unknown_shop") {
    return Response.json({ error: `unknown shop ${delivery.shopDomain}` }, { status: 404 });
  }
  if (result === "queued") kickQueue();
  return Response.json({ ok: true, duplicate: result === "duplicate" });
}

export function loader() {
  return Response.json({ error: "webhooks are POST requests" }, { status: 405 });
}
