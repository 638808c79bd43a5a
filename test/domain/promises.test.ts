import { describe, expect, it } from "vitest";
import { promiseOutcome, promisePauseEnd, promiseProblem } from "../../app/domain/promises";

const now = new Date("2026-11-27T10:00:00Z");
const day = (n: number) => new Date(now.getTime() + n * 86_400_000);
const open = { status: "open", outstandingMinor: 5_000, workflowState: null };

describe("promise to pay", () => {
  it("takes a day from today up to the shop's limit", () => {
    expect(promiseProblem(day(0), now, 14)).toBeNull();
    expect(promiseProblem(day(14), now, 14)).toBeNull();
    expect(promiseProblem(day(15), now, 14)).toEqual({ message: "a promise can be at most 14 days ahead", refusal: { code: "promise_too_far", days: 14 } });
    expect(promiseProblem(day(-3), now, 14)?.refusal).toEqual({ code: "promise_in_past" });
    expect(promiseProblem(new Date(Number.NaN), now, 14)?.refusal).toEqual({ code: "promise_no_date" });
  });

  it("reminders wait one grace day after the promised day", () => {
    expect(promisePauseEnd(day(5))).toEqual(day(6));
  });

  it.each([
    ["paid before the day", { ...open, status: "paid", outstandingMinor: 0 }, day(3), "kept"],
    ["paid after the day but before the check", { ...open, status: "paid", outstandingMinor: 0 }, day(9), "kept"],
    ["unpaid, the day not yet over", open, day(5), "open"],
    ["unpaid, the grace day over", open, day(6), "broken"],
    ["disputed meanwhile", { ...open, workflowState: "disputed" }, day(9), "void"],
    ["cancelled", { ...open, status: "cancelled" }, day(9), "void"],
  ] as const)("%s: %s", (_what, receivable, at, outcome) => {
    expect(promiseOutcome({ promisedFor: day(5) }, receivable, at)).toBe(outcome);
  });
});
