/**
 * Why a request was refused, in the reader's words: the customer's (the customer page, Shopify's
 * customer account: customer texts) or staff's (the admin, Shopify's admin blocks: admin texts).
 * Both word the same codes under `refusal.*`.
 */
import type { Refusal } from "../domain/refusals";
import { codeWords, type Words } from "./words";

export function refusalText<K extends string>(refusal: Refusal, t: Words<K>): string {
  const say = (key: string, values?: Record<string, string | number>) => t(`refusal.${key}` as K, values);
  switch (refusal.code) {
    case "workflow":
      return say(`workflow.${refusal.state}`);
    case "arrangement_invalid":
      return say("arrangement_invalid", { faults: refusal.faults.map((fault) => codeWords(t, "refusal.fault", fault)).join(", ") });
    default:
      return codeWords(t, "refusal", refusal);
  }
}

/** What a refused request shows: its reason in the reader's words, or the English message where it has no code. */
export function refusedText<K extends string>(answer: { error?: string; refusal?: Refusal }, t: Words<K>): string {
  return answer.refusal ? refusalText(answer.refusal, t) : answer.error ?? "";
}
