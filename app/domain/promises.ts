/**
 * Promise to pay: the customer (or staff on their behalf) names a day; reminders wait until the
 * day after it. Paid by then: kept. Not paid: broken, which counts against the customer and lets
 * the flow go on with its next step.
 */
import { addDays } from "./time";

export const PROMISE_GRACE_DAYS = 1;

export type PromiseOutcome = "open" | "kept" | "broken" | "void";

/** Why a promised day cannot be taken, or null when it can. */
export function promiseProblem(promisedFor: Date, now: Date, maxDays: number): string | null {
  if (Number.isNaN(promisedFor.getTime())) return "choose a date";
  if (promisedFor.getTime() < now.getTime() - 86_400_000) return "the date lies in the past";
  if (promisedFor > addDays(now, maxDays)) return `a promise can be at most ${maxDays} days ahead`;
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
