import type { ActionFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { BodyTooLarge, readBodyBytes, tooLarge } from "../http/readBody.server";
import { checkFlowLifecycle } from "../adapters/shopify/flowRequests";
import { recordTriggerUse } from "../services/automation/flowLifecycle";

const MAX_BYTES = 16 * 1024;

/** Flow's trigger lifecycle callback (extensions/flow-lifecycle): a shop's workflows started or stopped using a trigger. */
export async function action({ request }: ActionFunctionArgs) {
  let bytes: Uint8Array;
  try {
    bytes = await readBodyBytes(request, MAX_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLarge) return tooLarge(error.message);
    throw error;
  }
  const check = checkFlowLifecycle(bytes, request.headers.get("x-shopify-hmac-sha256"), process.env.SHOPIFY_API_SECRET ?? "");
  if (!check.ok) return Response.json({ error: check.error }, { status: check.status });
  const answer = await recordTriggerUse(db, check.request);
  return Response.json(answer.body, { status: answer.status });
}

export function loader() {
  return Response.json({ error: "Flow lifecycle callbacks are POST requests" }, { status: 405 });
}
