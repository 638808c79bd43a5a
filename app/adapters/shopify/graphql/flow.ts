/** Sending a Flow trigger through the Admin API, with Shopify's refusal in plain words. */
import type { AdminGraphql } from "./client";
import { FLOW_TRIGGER_RECEIVE_MUTATION } from "./queries";

interface FlowTriggerReceiveAnswer {
  flowTriggerReceive: { userErrors: { field: string[] | null; message: string }[] } | null;
}

/** Null when Flow took it; else why Shopify refused it (a refusal is final: the same payload is refused again). */
export async function sendFlowTrigger(admin: AdminGraphql, handle: string, payload: Record<string, unknown>): Promise<string | null> {
  const answer = await admin.request<FlowTriggerReceiveAnswer>(FLOW_TRIGGER_RECEIVE_MUTATION, { handle, payload });
  const errors = answer.flowTriggerReceive?.userErrors ?? [{ field: null, message: "no answer to flowTriggerReceive" }];
  return errors.length ? errors.map((e) => (e.field?.length ? `${e.field.join(".")}: ${e.message}` : e.message)).join("; ") : null;
}
