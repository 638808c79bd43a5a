/**
 * Promise to pay: the customer (or staff on their behalf) names a day; reminders wait until the
 * day after it. Paid by then: kept. Not paid: broken, which counts against the customer and lets
 * the flow go on with its next step.
 */
import { addDays } from "./time";
import type { Refusal } from "./refusals";

export const PROMISE_GRACE_DAYS = 1;

export type PromiseOutcome = "open" | "kept" | "broken" | "void";

/** Why a promised day cannot be taken, or null when it can. */
export function promiseProblem(promisedFor: Date, now: Date, maxDays: number): { message: string; refusal: Refusal } | null {
  if (Number.isNaN(promisedFor.getTime())) return { message: "choose a date", refusal: { code: "promise_no_date" } };
  if (promisedFor.getTime() < now.getTime() - 86_400_000) return { message: "the date lies in the past", refusal: { code: "promise_in_past" } };
  if (promisedFor > addDays(now, maxDays)) return { message: `a promise can be at most ${maxDays} days ahead`, refusal: { code: "promise_too_far", days: maxDays } };
  return null;
}

/** Reminders wait until this moment. */
export function promisePauseEnd(promisedFor: Date): Date {
  return addDays(promisedFor, PROMISE_GRACE_DAYS);
}

export function promiseOutcome(
  promise: { promisedFor: Date },
  receivable: { status: string; outstandingMinor: number; workflowState: string | null },
  now: Date,
): PromiseOutcome {
  if (receivable.status === "paid" || receivable.outstandingMinor <= 0) return "kept";
  // cancelled, or a dispute or arrangement took over: the promise no longer says anything
  if (receivable.status !== "open" || receivable.workflowState) return "void";
  return now >= promisePauseEnd(promise.promisedFor) ? "broken" : "open";
}
