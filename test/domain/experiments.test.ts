import { describe, expect, it } from "vitest";
import { assignVariant, atCustomersHour, customersPayingHour, experimentReport, sendHourHold, variantsFrom, wilson, withVariant } from "../../app/domain/experiments";
import { DEFAULT_FLOW, flowProblems } from "../../app/domain/flows";

const variants = [{ key: "a" }, { key: "b", tone: "firm" as const }];
const at = (day: number) => new Date(Date.UTC(2026, 10, day, 12));

describe("experiments", () => {
  it("assigns a stable variant per receivable and step, spread about evenly", () => {
    expect(assignVariant("rec_1", "reminder_1", variants)).toBe(assignVariant("rec_1", "reminder_1", variants));
    const counts = { a: 0, b: 0 };
    for (let i = 0; i < 2000; i++) counts[assignVariant(`rec_${i}`, "reminder_1", variants)!.key as "a" | "b"] += 1;
    expect(counts.a).toBeGreaterThan(900);
    expect(counts.b).toBeGreaterThan(900);
    expect(assignVariant("rec_1", "reminder_1", [])).toBeNull();
  });

  it("Wilson interval matches the textbook values", () => {
    const [low, high] = wilson(50, 100);
    expect(low).toBeCloseTo(0.4038, 3);
    expect(high).toBeCloseTo(0.5962, 3);
    expect(wilson(0, 0)).toEqual([0, 0]);
  });

  it("reports paid-within-N-days per variant on a known history", () => {
    const outcomes = [
      ...Array.from({ length: 10 }, (_, i) => ({ stepKey: "reminder_1", variant: "a", sentAt: at(1), paidAt: i < 3 ? at(4) : null })),
      ...Array.from({ length: 10 }, (_, i) => ({ stepKey: "reminder_1", variant: "b", sentAt: at(1), paidAt: i < 6 ? at(3) : i < 8 ? at(20) : null })),
    ];
    const report = experimentReport(outcomes, 7);
    expect(report.map((r) => [r.variant, r.sent, r.paid, r.rate])).toEqual([["a", 10, 3, 30], ["b", 10, 6, 60]]);
    expect(report[1].low).toBeCloseTo(31.3, 1);
    expect(report[1].high).toBeCloseTo(83.2, 1);
  });
});

describe("send-hour experiments", () => {
  const quiet = { startHour: 21, endHour: 8, timeZone: "Europe/Amsterdam" };
  const step = (sendHour?: number) => ({ ...DEFAULT_FLOW[1], ...(sendHour === undefined ? {} : { sendHour }) });
  // 07:20 UTC is 08:20 in Amsterdam in November
  const now = new Date("2026-11-23T07:20:00Z");

  it("holds a due step until the start of its local send hour, at most a day", () => {
    expect(sendHourHold(step(), now, quiet)).toBeNull();
    expect(sendHourHold(step(8), now, quiet)).toBeNull(); // in that hour now
    expect(sendHourHold(step(9), now, quiet)).toEqual(new Date("2026-11-23T08:00:00Z"));
    expect(sendHourHold(step(15), now, quiet)).toEqual(new Date("2026-11-23T14:00:00Z"));
    // the hour has passed today: tomorrow
    expect(sendHourHold(step(8), new Date("2026-11-23T09:30:00Z"), quiet)).toEqual(new Date("2026-11-24T07:00:00Z"));
    // 07:00 is quiet: sent at its planned time rather than never
    expect(sendHourHold(step(7), now, quiet)).toBeNull();
  });

  it("never holds for a quiet hour, and follows the shop's own time zone", () => {
    expect(sendHourHold(step(22), now, quiet)).toBeNull();
    expect(sendHourHold(step(9), now, { ...quiet, timeZone: "America/New_York" })).toEqual(new Date("2026-11-23T14:00:00Z"));
  });

  it("builds every combination of tones and send hours, and checks the hours", () => {
    expect(variantsFrom([], [])).toBeUndefined();
    expect(variantsFrom([], [9, 15])).toEqual([{ key: "9h", sendHour: 9 }, { key: "15h", sendHour: 15 }]);
    expect(variantsFrom(["friendly", "firm"], [9])!.map((v) => v.key)).toEqual(["friendly@9h", "firm@9h"]);
    expect(withVariant(step(10), { key: "15h", sendHour: 15 }).sendHour).toBe(15);
    expect(withVariant(step(10), { key: "firm", tone: "firm" }).sendHour).toBe(10);
    expect(flowProblems([{ ...step(), variants: variantsFrom([], [9, 24]) }])).toEqual([expect.stringContaining("variant 24h has a send hour outside 0 to 23")]);
    expect(flowProblems([step(7.5)])).toEqual([expect.stringContaining("whole hour")]);
  });
});

describe("a step at the customer's own hour", () => {
  const at = (iso: string) => new Date(iso);
  it("learns the local hour this customer most often paid in after a reminder (ties: the earliest), from two payments on", () => {
    // 12:xx and 13:xx UTC are 13:xx and 14:xx in Amsterdam in winter
    expect(customersPayingHour([at("2026-01-05T13:10:00Z"), at("2026-02-03T13:55:00Z"), at("2026-03-02T08:00:00Z")], "Europe/Amsterdam")).toBe(14);
    expect(customersPayingHour([at("2026-01-05T13:10:00Z"), at("2026-02-03T08:55:00Z")], "Europe/Amsterdam")).toBe(9);
    expect(customersPayingHour([at("2026-01-05T13:10:00Z")], "Europe/Amsterdam")).toBeNull();
  });

  it("only a step that asks for it takes the customer's hour, and only when it is known", () => {
    const step = { ...DEFAULT_FLOW[1], sendHour: 10 };
    expect(atCustomersHour(step, 14).sendHour).toBe(10);
    expect(atCustomersHour({ ...step, atCustomersHour: true }, 14).sendHour).toBe(14);
    expect(atCustomersHour({ ...step, atCustomersHour: true }, null).sendHour).toBe(10);
    expect(flowProblems([{ ...DEFAULT_FLOW[1], atCustomersHour: "yes" as unknown as boolean }])).toContain(`step 1: "at the customer's hour" is yes or no`);
  });
});
