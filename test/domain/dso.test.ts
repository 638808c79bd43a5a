import { describe, expect, it } from "vitest";
import { dailySales, dsoCountback } from "../../app/domain/dso";

describe("DSO, countback method", () => {
  it("counts back whole days and the part of the last day needed", () => {
    // 100 a day; 250 outstanding: today, yesterday, and half of the day before
    expect(dsoCountback(250, [100, 100, 100, 100])).toBe(2.5);
    expect(dsoCountback(100, [100, 100])).toBe(1);
    expect(dsoCountback(0, [100])).toBe(0);
  });

  it("skips days without sales and answers null when sales do not cover the balance", () => {
    expect(dsoCountback(150, [0, 0, 100, 0, 100])).toBe(4.5);
    expect(dsoCountback(1_000, [100, 100])).toBeNull();
  });

  it("a seasonal peak today shortens DSO instead of inflating it", () => {
    expect(dsoCountback(3_000, [3_000, 100, 100])).toBe(1);
  });

  it("groups sales per UTC day, today first", () => {
    const now = new Date("2026-11-23T10:00:00Z");
    expect(dailySales([
      { issuedAt: new Date("2026-11-23T01:00:00Z"), amountMinor: 5 },
      { issuedAt: new Date("2026-11-22T23:59:00Z"), amountMinor: 7 },
      { issuedAt: new Date("2026-11-21T12:00:00Z"), amountMinor: 11 },
      { issuedAt: new Date("2026-10-01T12:00:00Z"), amountMinor: 99 },
      { issuedAt: new Date("2026-11-24T12:00:00Z"), amountMinor: 99 },
    ], now, 3)).toEqual([5, 7, 11]);
  });
});
