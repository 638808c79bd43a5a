/** Why a customer's request was refused, in the customer's words (the customer page, Shopify's customer account). */
import type { ProposalFault, Refusal } from "../domain/refusals";

type Words<K extends string> = (key: K, values?: Record<string, string | number>) => string;

export function refusalText<K extends string>(refusal: Refusal, t: Words<K>): string {
  const say = (key: string, values?: Record<string, string | number>) => t(`refusal.${key}` as K, values);
  switch (refusal.code) {
    case "workflow":
      return say(`workflow.${refusal.state}`);
    case "promise_too_far":
      return say("promise_too_far", { days: refusal.days });
    case "dispute_too_long":
      return say("dispute_too_long", { max: refusal.max });
    case "arrangement_invalid":
      return say("arrangement_invalid", { faults: refusal.faults.map((fault) => faultText(fault, say)).join(", ") });
    default:
      return say(refusal.code);
  }
}

function faultText(fault: ProposalFault, say: (key: string, values?: Record<string, string | number>) => string): string {
  const { code, ...values } = fault;
  return say(`fault.${code}`, values);
}
