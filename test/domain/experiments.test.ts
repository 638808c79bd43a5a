import { describe, expect, it } from "vitest";
import { assignVariant, experimentReport, wilson } from "../../app/domain/experiments";

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
