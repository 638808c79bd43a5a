/**
 * Calls to the app from an admin extension: Shopify resolves a relative URL against the app's URL
 * and adds the session token (Authorization: Bearer) itself.
 */
import type { Refusal } from "../../../app/domain/refusals";

export async function callApp<T>(path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, body === undefined ? undefined : { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  const answer = (await response.json().catch(() => ({}))) as { error?: string };
  if (!response.ok) throw new Error(answer.error ?? `the app answered ${response.status}`);
  return answer as T;
}

/** The admin user's language for numbers and dates (the extension runs where navigator is the admin's). */
export function userLocale(): string {
  return typeof navigator !== "undefined" && navigator.language ? navigator.language : "en";
}

export interface ActionAnswer {
  ok: boolean;
  outcomes: { orderGid: string; ok: boolean; error?: string; refusal?: Refusal }[];
}
