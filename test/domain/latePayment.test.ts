import { describe, expect, it } from "vitest";
import { fitLogistic, predictLogistic } from "../../app/domain/prediction/logisticModel";
import { areaUnderCurve, calibration } from "../../app/domain/prediction/modelQuality";
import { examplesOf, forecast, PaymentHistory, trainLatePayment, type InvoiceRecord } from "../../app/domain/prediction/latePayment";
import { seededRandom } from "../../app/domain/seededRandom";

const DAY = 86_400_000;
const now = new Date("2026-11-23T12:00:00Z");

/** A year of invoices from customers of two kinds: most pay on time, a fifth pay weeks late, as a rule not always. */
function syntheticShop(seed: number, customers = 150, invoicesEach = 8) {
  const rand = seededRandom(seed);
  const invoices: InvoiceRecord[] = [];
  const slow = new Set<string>();
  for (let c = 0; c < customers; c++) {
    const customerId = `c${c}`;
    const isSlow = rand() < 0.2;
    if (isSlow) slow.add(customerId);
    for (let i = 0; i < invoicesEach; i++) {
      const issuedAt = new Date(now.getTime() - (20 + rand() * 340) * DAY);
      const dueAt = new Date(issuedAt.getTime() + 14 * DAY);
      const late = isSlow ? (rand() < 0.8 ? 10 + rand() * 50 : rand() * 3) : (rand() < 0.08 ? 10 + rand() * 20 : rand() * 2);
      const paidAt = new Date(dueAt.getTime() + late * DAY);
      invoices.push({
        id: `${customerId}-${i}`, customerId, issuedAt, dueAt, totalMinor: Math.round(2_000 + rand() * 50_000),
        paidAt: paidAt <= now ? paidAt : null, b2b: false, countryCode: "NL",
      });
    }
  }
  return { invoices, slow };
}

describe("logistic regression by Newton's method", () => {
  it("recovers a known pattern: the probability follows the feature", () => {
    const rand = seededRandom(3);
    const rows: number[][] = [];
    const labels: (0 | 1)[] = [];
    for (let i = 0; i < 4000; i++) {
      const x = rand() * 4 - 2;
      rows.push([x, rand()]);
      labels.push(rand() < 1 / (1 + Math.exp(-(0.5 + 2 * x))) ? 1 : 0);
    }
    const model = fitLogistic(rows, labels, 0.01);
    expect(predictLogistic(model, [0, 0.5])).toBeCloseTo(1 / (1 + Math.exp(-0.5)), 1);
    expect(predictLogistic(model, [1.5, 0.5])).toBeCloseTo(1 / (1 + Math.exp(-3.5)), 1);
    // the noise feature carries (almost) no weight
    expect(Math.abs(model.weights[2])).toBeLessThan(0.15);
  });
});

describe("model quality measures", () => {
  it("AUC: perfect ranking 1, reversed 0, ties half; null without both outcomes", () => {
    expect(areaUnderCurve([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1])).toBe(1);
    expect(areaUnderCurve([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1])).toBe(0);
    expect(areaUnderCurve([0.5, 0.5], [0, 1])).toBe(0.5);
    expect(areaUnderCurve([0.3, 0.4], [1, 1])).toBeNull();
  });

  it("calibration: bins of predicted against observed, and their weighted gap", () => {
    const { bins, error } = calibration([0.1, 0.1, 0.9, 0.9], [0, 0, 1, 0]);
    expect(bins.map((b) => [b.count, b.observed])).toEqual([[2, 0], [2, 0.5]]);
    expect(error).toBeCloseTo(0.5 * 0.1 + 0.5 * 0.4, 10);
  });
});

describe("late-payment prediction from a shop's history", () => {
  // knowing each customer's kind for certain would rank at AUC ≈ 0.83 on this pattern; the model learns the kind from the record so far
  it("on a history with a known pattern: AUC at least 0.75 on the newest quarter, calibrated within 0.1", () => {
    const { invoices } = syntheticShop(7);
    const model = trainLatePayment(examplesOf(new PaymentHistory(invoices, []), now));
    expect(model.kind).toBe("learned");
    if (model.kind !== "learned") return;
    expect(model.quality!.holdOut).toBeGreaterThan(200);
    expect(model.quality!.auc).toBeGreaterThanOrEqual(0.75);
    expect(model.quality!.calibrationError).toBeLessThanOrEqual(0.1);
  });

  it("a slow payer's next invoice is more likely late than a prompt one's, with the payer's record as the reason", () => {
    const { invoices, slow } = syntheticShop(8);
    const history = new PaymentHistory(invoices, []);
    const model = trainLatePayment(examplesOf(history, now));
    const next = (customerId: string): InvoiceRecord => ({
      id: `${customerId}-next`, customerId, issuedAt: new Date(now.getTime() - 2 * DAY), dueAt: new Date(now.getTime() + 12 * DAY),
      totalMinor: 10_000, paidAt: null, b2b: false, countryCode: "NL",
    });
    const slowOne = [...slow][0];
    const promptOne = invoices.find((i) => !slow.has(i.customerId!))!.customerId!;
    const slowForecast = forecast(model, history, next(slowOne), now);
    const promptForecast = forecast(model, history, next(promptOne), now);
    expect(slowForecast.lateProbability).toBeGreaterThan(0.5);
    expect(promptForecast.lateProbability).toBeLessThan(0.2);
    expect(slowForecast.reasons[0]).toMatch(/prior_late_share|prior_days_late/);
    expect(promptForecast.bucket).toBe("on_time");
    const sum = Object.values(slowForecast.buckets).reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(1, 10);
  });

  it("an invoice already 10 days overdue is late for certain; its bucket comes from what is left", () => {
    const { invoices } = syntheticShop(9);
    const history = new PaymentHistory(invoices, []);
    const model = trainLatePayment(examplesOf(history, now));
    const overdue: InvoiceRecord = { id: "o", customerId: "c1", issuedAt: new Date(now.getTime() - 24 * DAY), dueAt: new Date(now.getTime() - 10 * DAY), totalMinor: 5_000, paidAt: null, b2b: false, countryCode: "NL" };
    const result = forecast(model, history, overdue, now);
    expect(result.lateProbability).toBe(1);
    expect(result.buckets.on_time).toBe(0);
    expect(result.bucket).not.toBe("on_time");
  });

  it("a shop with little history gets its own average, shrunk towards a general prior, and no reasons", () => {
    const { invoices } = syntheticShop(10, 4, 3);
    const history = new PaymentHistory(invoices, []);
    const model = trainLatePayment(examplesOf(history, now));
    expect(model.kind).toBe("prior");
    const result = forecast(model, history, { ...invoices[0], id: "x", paidAt: null, dueAt: new Date(now.getTime() + DAY) }, now);
    expect(result.lateProbability).toBeGreaterThan(0);
    expect(result.lateProbability).toBeLessThan(1);
    expect(result.reasons).toEqual([]);
  });

  it("features never look past the moment they describe", () => {
    const { invoices } = syntheticShop(11, 2, 4);
    const history = new PaymentHistory(invoices, []);
    const first = [...invoices].sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime())[0];
    const mine = invoices.filter((i) => i.customerId === first.customerId && i.dueAt < first.dueAt);
    expect(mine).toEqual([]);
    // no earlier invoice of the customer: the prior-invoice count is zero whatever came later
    expect(history.features(first, first.dueAt)[0]).toBe(0);
  });
});
