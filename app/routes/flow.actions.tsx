import type { ActionFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { clock } from "../clock.server";
import { handleFlowRequest } from "../http/flowRequest.server";
import { checkFlowAction } from "../adapters/shopify/flowRequests";
import { runFlowAction } from "../services/automation/flowActions";

/** A Flow action's payload is a handful of fields. */
const MAX_BYTES = 256 * 1024;

/** The runtime_url of every Flow action (extensions/flow-*); the payload's handle says which. */
export function action({ request }: ActionFunctionArgs) {
  return handleFlowRequest(request, MAX_BYTES, checkFlowAction, (run) => runFlowAction(db, run, clock()));
}

export function loader() {
  return Response.json({ error: "Flow actions are POST requests" }, { status: 405 });
}
