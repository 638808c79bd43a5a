/**
 * Payment behaviour per customer and a risk level from transparent rules: every level comes with
 * the reasons that set it, so a merchant can see why and tune the thresholds.
 */
import { daysLate } from "./time";
import type { RiskLevel } from "./segments";
import { screeningRiskReasons, type ScreeningFacts } from "./screening/screening";

export interface ReceivableHistory {
  dueAt: Date;
  paidAt: Date | null;
  status: "open" | "paid" | "cancelled";
  outstandingMinor: number;
}

export interface BehaviourProfile {
  paidOnTime: number;
  paidLate: number;
  averageDaysLate: number;
  worstDaysLate: number;
  openExposureMinor: number;
  overdueMinor: number;
  openDisputes: number;
  brokenArrangements: number;
  /** promises to pay that were not kept */
  brokenPromises: number;
}

export function behaviourProfile(
  history: readonly ReceivableHistory[], openDisputes: number, brokenArrangements: number, now: Date, brokenPromises = 0,
): BehaviourProfile {
  const lateness: number[] = [];
  let paidOnTime = 0;
  let openExposureMinor = 0;
  let overdueMinor = 0;
  for (const r of history) {
    if (r.status === "paid" && r.paidAt) {
      const late = daysLate(r.dueAt, r.paidAt);
      if (late === 0) paidOnTime += 1;
      else lateness.push(late);
    } else if (r.status === "open") {
      openExposureMinor += r.outstandingMinor;
      const late = daysLate(r.dueAt, now);
      if (late > 0) {
        overdueMinor += r.outstandingMinor;
        lateness.push(late);
      }
    }
  }
  return {
    paidOnTime, paidLate: lateness.length,
    averageDaysLate: lateness.length ? Math.round(lateness.reduce((a, b) => a + b, 0) / lateness.length) : 0,
    worstDaysLate: lateness.length ? Math.max(...lateness) : 0,
    openExposureMinor, overdueMinor, openDisputes, brokenArrangements, brokenPromises,
  };
}

export interface RiskRules {
  /** average days late from which a customer is medium / high risk */
  mediumAverageDaysLate: number;
  highAverageDaysLate: number;
  /** any single payment this late makes a customer high risk */
  highWorstDaysLate: number;
  /** a broken arrangement makes a customer high risk */
  brokenArrangementIsHigh: boolean;
}

export const DEFAULT_RISK_RULES: RiskRules = { mediumAverageDaysLate: 7, highAverageDaysLate: 30, highWorstDaysLate: 60, brokenArrangementIsHigh: true };

/** The shop's own thresholds (Settings), a broken arrangement always counting as high. */
export function riskRulesOf(shop: { riskMediumAverageDaysLate: number; riskHighAverageDaysLate: number; riskHighWorstDaysLate: number }): RiskRules {
  return {
    mediumAverageDaysLate: shop.riskMediumAverageDaysLate, highAverageDaysLate: shop.riskHighAverageDaysLate,
    highWorstDaysLate: shop.riskHighWorstDaysLate, brokenArrangementIsHigh: true,
  };
}

/**
 * Why a customer has their risk level: a code and the figures it names, worded at the screen in
 * the merchant's language (app/i18n/riskReasons.ts).
 */
export type RiskReason =
  | { code: "average_days_late"; days: number }
  | { code: "worst_days_late"; days: number }
  | { code: "broken_arrangements"; count: number }
  | { code: "open_disputes"; count: number }
  | { code: "broken_promises"; count: number }
  | { code: "over_credit_limit" }
  | { code: "vat_not_registered" }
  /** a credit bureau's verdict; score and rating as far as the bureau gave them, source its name */
  | { code: "bureau"; score: number | null; rating: string | null; source: string | null };

export interface RiskAssessment {
  level: RiskLevel;
  reasons: RiskReason[];
  overLimit: boolean;
}

/** Payment behaviour first; a screening (VIES, the credit bureau) adds its own reasons, each naming its source. */
export function assessRisk(profile: BehaviourProfile, rules: RiskRules, creditLimitMinor: number | null, screening?: ScreeningFacts): RiskAssessment {
  const high: RiskReason[] = [];
  const medium: RiskReason[] = [];
  if (screening) {
    const reasons = screeningRiskReasons(screening);
    high.push(...reasons.high);
    medium.push(...reasons.medium);
  }
  const averageLate: RiskReason = { code: "average_days_late", days: profile.averageDaysLate };
  if (profile.averageDaysLate >= rules.highAverageDaysLate) high.push(averageLate);
  else if (profile.averageDaysLate >= rules.mediumAverageDaysLate) medium.push(averageLate);
  if (profile.worstDaysLate >= rules.highWorstDaysLate) high.push({ code: "worst_days_late", days: profile.worstDaysLate });
  if (rules.brokenArrangementIsHigh && profile.brokenArrangements > 0) high.push({ code: "broken_arrangements", count: profile.brokenArrangements });
  if (profile.openDisputes > 0) medium.push({ code: "open_disputes", count: profile.openDisputes });
  // one broken promise is a warning; a habit of them is a risk
  if (profile.brokenPromises > 0) (profile.brokenPromises >= 2 ? high : medium).push({ code: "broken_promises", count: profile.brokenPromises });
  const overLimit = creditLimitMinor !== null && profile.openExposureMinor > creditLimitMinor;
  if (overLimit) high.push({ code: "over_credit_limit" });
  if (high.length) return { level: "high", reasons: [...high, ...medium], overLimit };
  if (medium.length) return { level: "medium", reasons: medium, overLimit };
  return { level: "low", reasons: [], overLimit };
}
