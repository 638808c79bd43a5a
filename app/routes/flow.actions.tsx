import type { ActionFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { clock } from "../clock.server";
import { BodyTooLarge, readBodyBytes, tooLarge } from "../http/readBody.server";
import { checkFlowAction } from "../adapters/shopify/flowRequests";
import { runFlowAction } from "../services/automation/flowActions";

/** A Flow action's payload is a handful of fields. */
const MAX_BYTES = 256 * 1024;

/** The runtime_url of every Flow action (extensions/flow-*); the payload's handle says which. */
export async function action({ request }: ActionFunctionArgs) {
  let bytes: Uint8Array;
  try {
    bytes = await readBodyBytes(request, MAX_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLarge) return tooLarge(error.message);
    throw error;
  }
  const check = checkFlowAction(bytes, request.headers.get("x-shopify-hmac-sha256"), process.env.SHOPIFY_API_SECRET ?? "");
  if (!check.ok) return Response.json({ error: check.error }, { status: check.status });
  const answer = await runFlowAction(db, check.request, clock());
  return Response.json(answer.body, { status: answer.status });
}

export function loader() {
  return Response.json({ error: "Flow actions are POST requests" }, { status: 405 });
}
