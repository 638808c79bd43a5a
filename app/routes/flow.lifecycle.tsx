import type { ActionFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { handleFlowRequest } from "../http/flowRequest.server";
import { checkFlowLifecycle } from "../adapters/shopify/flowRequests";
import { recordTriggerUse } from "../services/automation/flowLifecycle";

const MAX_BYTES = 16 * 1024;

/** Flow's trigger lifecycle callback (extensions/flow-lifecycle): a shop's workflows started or stopped using a trigger. */
export function action({ request }: ActionFunctionArgs) {
  return handleFlowRequest(request, MAX_BYTES, checkFlowLifecycle, (callback) => recordTriggerUse(db, callback));
}

export function loader() {
  return Response.json({ error: "Flow lifecycle callbacks are POST requests" }, { status: 405 });
}
