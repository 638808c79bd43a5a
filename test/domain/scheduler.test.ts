import { describe, expect, it } from "vitest";
import { DEFAULT_FLOW, flowProblems } from "../../app/domain/flows";
import { planNextStep, type DunningSubject, type StepHistory } from "../../app/domain/scheduler";
import { afterQuietHours, isQuiet } from "../../app/domain/time";

const settings = { quietHours: { startHour: 21, endHour: 8, timeZone: "Europe/Amsterdam" }, minGapHours: 48 };
const due = new Date("2026-11-10T11:00:00Z"); // 12:00 in Amsterdam
const subject = (over: Partial<DunningSubject> = {}): DunningSubject => ({
  status: "open", workflowState: null, dueAt: due, outstandingMinor: 5000, pausedUntil: null, customerPausedUntil: null, ...over,
});
const day = (n: number, hourUtc = 11) => new Date(Date.UTC(2026, 10, n, hourUtc));
const sent = (stepKey: string, at: Date): StepHistory => ({ stepKey, sentAt: at });

describe("planNextStep", () => {
  it("waits for the pre-due reminder, then sends it on its day", () => {
    expect(planNextStep(subject(), DEFAULT_FLOW, [], settings, day(1))).toMatchObject({ kind: "wait", until: day(7), step: { key: "pre_due" } });
    expect(planNextStep(subject(), DEFAULT_FLOW, [], settings, day(7))).toMatchObject({ kind: "send", step: { key: "pre_due" } });
  });

  it("skips a pre-due reminder whose moment passed once the order is due", () => {
    expect(planNextStep(subject(), DEFAULT_FLOW, [], settings, day(12))).toMatchObject({ kind: "skip", step: { key: "pre_due" } });
  });

  it("catches up after downtime: a passed step is sent now, not skipped", () => {
    const history = [sent("pre_due", day(7))];
    expect(planNextStep(subject(), DEFAULT_FLOW, history, settings, day(25))).toMatchObject({ kind: "send", step: { key: "reminder_1" } });
  });

  it("keeps the minimum gap after a catch-up send", () => {
    const history = [sent("pre_due", day(7)), sent("reminder_1", day(25))];
    expect(planNextStep(subject(), DEFAULT_FLOW, history, settings, day(25, 12))).toMatchObject({ kind: "wait", until: day(27), step: { key: "reminder_2" } });
  });

  it("moves a send out of quiet hours to the next morning", () => {
    const history = [sent("pre_due", day(7))];
    // reminder_1 is due on 11 Nov 12:00 local; at 22:30 local it waits until 08:00
    const plan = planNextStep(subject(), DEFAULT_FLOW, history, settings, new Date("2026-11-11T21:30:00Z"));
    expect(plan).toMatchObject({ kind: "wait", until: new Date("2026-11-12T07:00:00Z") });
  });

  it("hands over only after the 14-day term of the final notice ran out", () => {
    const history = ["pre_due", "reminder_1", "reminder_2"].map((k, i) => sent(k, day(7 + i * 4))).concat(sent("final_notice", day(25)));
    const plan = planNextStep(subject(), DEFAULT_FLOW, history, settings, day(28));
    expect(plan).toMatchObject({ kind: "wait", until: new Date("2026-12-10T14:00:00Z") }); // last day 9 Dec, ended everywhere
    const lateNotice = history.slice(0, 3).concat(sent("final_notice", day(30)));
    // notice on 30 Nov: last day 14 Dec; the hand-over waits until that day has ended everywhere
    expect(planNextStep(subject(), DEFAULT_FLOW, lateNotice, settings, day(28))).toMatchObject({ kind: "wait", until: new Date("2026-12-15T14:00:00Z") });
  });

  it.each([
    [{ status: "paid" as const }, "paid"], [{ status: "cancelled" as const }, "cancelled"],
    [{ workflowState: "disputed" as const }, "disputed"], [{ workflowState: "in_arrangement" as const }, "in_arrangement"],
    [{ outstandingMinor: 0 }, "nothing_owed"],
  ])("stops at once when %o", (over, reason) => {
    expect(planNextStep(subject(over), DEFAULT_FLOW, [], settings, day(12))).toEqual({ kind: "stop", reason });
  });

  it("waits out a pause on the order or on the customer", () => {
    const until = day(20);
    expect(planNextStep(subject({ pausedUntil: until }), DEFAULT_FLOW, [sent("pre_due", day(7))], settings, day(12))).toMatchObject({ kind: "wait", until, reason: "paused" });
    expect(planNextStep(subject({ customerPausedUntil: until }), DEFAULT_FLOW, [sent("pre_due", day(7))], settings, day(12))).toMatchObject({ kind: "wait", until, reason: "paused" });
  });

  it("ends when every step went out, and waits while one is still being sent", () => {
    const all = DEFAULT_FLOW.map((s, i) => sent(s.key, day(1 + i)));
    expect(planNextStep(subject(), DEFAULT_FLOW, all, settings, day(30))).toEqual({ kind: "stop", reason: "flow_complete" });
    const sending = [...all.slice(0, -1), { stepKey: "hand_over", sentAt: null }];
    expect(planNextStep(subject(), DEFAULT_FLOW, sending, settings, day(30))).toMatchObject({ kind: "wait", reason: "in_progress" });
  });
});

describe("flows and quiet hours", () => {
  it("the default flow is valid; a broken one is explained", () => {
    expect(flowProblems(DEFAULT_FLOW)).toEqual([]);
    const broken = [{ ...DEFAULT_FLOW[1], offsetDays: -2 }, { ...DEFAULT_FLOW[1] }];
    expect(flowProblems(broken)).toEqual([
      "step 1: only a pre-due reminder may come before the due date", 'step 2: key "reminder_1" is used twice',
    ]);
  });

  it("quiet hours cross midnight in the shop's time zone", () => {
    const quiet = settings.quietHours;
    expect(isQuiet(new Date("2026-11-11T20:30:00Z"), quiet)).toBe(true); // 21:30 Amsterdam
    expect(isQuiet(new Date("2026-11-11T06:59:00Z"), quiet)).toBe(true); // 07:59
    expect(isQuiet(new Date("2026-11-11T07:00:00Z"), quiet)).toBe(false); // 08:00
    expect(afterQuietHours(new Date("2026-11-11T23:10:00Z"), quiet)).toEqual(new Date("2026-11-12T07:00:00Z"));
  });
});

describe("send now", () => {
  it("sends the next step at once when staff ask, but never past a stop or a pause", () => {
    const history = [sent("pre_due", day(7))];
    expect(planNextStep(subject({ sendNow: true }), DEFAULT_FLOW, [], settings, day(1))).toMatchObject({ kind: "send", step: { key: "pre_due" } });
    expect(planNextStep(subject({ sendNow: true }), DEFAULT_FLOW, history, settings, new Date("2026-11-10T23:30:00Z"))).toMatchObject({ kind: "send", step: { key: "reminder_1" } });
    expect(planNextStep(subject({ sendNow: true, status: "paid" }), DEFAULT_FLOW, history, settings, day(12))).toEqual({ kind: "stop", reason: "paid" });
    expect(planNextStep(subject({ sendNow: true, pausedUntil: day(20) }), DEFAULT_FLOW, history, settings, day(12))).toMatchObject({ kind: "wait", reason: "paused" });
  });
});
