import type { ActionFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { clock } from "../clock.server";
import { readWebhook } from "../adapters/shopify/webhookRequest";
import { receiveWebhook } from "../services/ingest/receiveWebhook";
import { kickQueue } from "../services/ingest/queueRunner.server";

/**
 * Every topic, including the GDPR compliance topics, arrives here (see shopify.app.toml). The app's
 * server answers POSTs before Remix (app/http/webhookIngress.server.ts); this route serves any
 * other server that runs the build, with the same checks and answers.
 */
export async function action({ request }: ActionFunctionArgs) {
  const check = await readWebhook(request, process.env.SHOPIFY_API_SECRET ?? "");
  const answer = await receiveWebhook(db, check, clock(), kickQueue);
  return Response.json(answer.body, { status: answer.status, headers: answer.headers });
}

export function loader() {
  return Response.json({ error: "webhooks are POST requests" }, { status: 405 });
}
