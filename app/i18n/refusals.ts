/**
 * Why a request was refused, in the reader's words: the customer's (the customer page, Shopify's
 * customer account: customer texts) or staff's (the admin, Shopify's admin blocks: admin texts).
 * Both word the same codes under `refusal.*`.
 */
import type { ProposalFault, Refusal } from "../domain/refusals";

type Words<K extends string> = (key: K, values?: Record<string, string | number>) => string;

export function refusalText<K extends string>(refusal: Refusal, t: Words<K>): string {
  const say = (key: string, values?: Record<string, string | number>) => t(`refusal.${key}` as K, values);
  switch (refusal.code) {
    case "workflow":
      return say(`workflow.${refusal.state}`);
    case "arrangement_invalid":
      return say("arrangement_invalid", { faults: refusal.faults.map((fault) => faultText(fault, say)).join(", ") });
    default: {
      const { code, ...values } = refusal;
      return say(code, values);
    }
  }
}

function faultText(fault: ProposalFault, say: (key: string, values?: Record<string, string | number>) => string): string {
  const { code, ...values } = fault;
  return say(`fault.${code}`, values);
}

/** What a refused request shows: its reason in the reader's words, or the English message where it has no code. */
export function refusedText<K extends string>(answer: { error?: string; refusal?: Refusal }, t: Words<K>): string {
  return answer.refusal ? refusalText(answer.refusal, t) : answer.error ?? "";
}
