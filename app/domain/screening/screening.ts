/**
 * Screening a business customer: what VIES and a credit bureau said, merged with what was known
 * before (a provider that is down never erases an earlier answer), what that means for the risk
 * level, and which changes since the last screening the merchant must hear about.
 */
import type { VatNumber } from "./vatNumber";
import type { RiskReason } from "../risk";

export type ViesAnswer =
  | { status: "valid"; name: string | null; address: string | null }
  | { status: "invalid" }
  | { status: "unknown"; reason: string };

/** Creditsafe's common rating: A very low risk ... E very high risk or not rated. */
export const CREDIT_RATINGS = ["A", "B", "C", "D", "E"] as const;
export type CreditRating = (typeof CREDIT_RATINGS)[number];

export type BureauAnswer =
  | {
    status: "found"; companyId: string; companyName: string;
    /** 0-100, higher is safer */
    score: number | null; rating: CreditRating | null;
    limitAdvice: { minor: number; currency: string } | null;
  }
  | { status: "not_found" }
  | { status: "unknown"; reason: string };

/** How a bureau finds a company: by its own id once known, else by VAT number, else by name in a country. */
export interface BureauQuery {
  companyId: string | null;
  countryCode: string;
  vatNumber: string | null;
  name: string | null;
  postCode: string | null;
}

export interface Bureau {
  /** named wherever its figures are shown */
  source: string;
  check(query: BureauQuery): Promise<BureauAnswer>;
}

export interface ScreeningProviders {
  vies(vat: VatNumber): Promise<ViesAnswer>;
  bureau: Bureau | null;
}

/** What is kept on the customer. */
export interface ScreeningState {
  vatNumber: string | null;
  vatStatus: "valid" | "invalid" | "unknown" | null;
  vatCheckedAt: Date | null;
  vatRegisteredName: string | null;
  vatRegisteredAddress: string | null;
  bureauStatus: "found" | "not_found" | "unknown" | null;
  bureauSource: string | null;
  bureauCompanyId: string | null;
  bureauCompanyName: string | null;
  bureauScore: number | null;
  bureauRating: CreditRating | null;
  bureauLimitMinor: number | null;
  bureauLimitCurrency: string | null;
  bureauCheckedAt: Date | null;
}

/**
 * The state after a screening. "Unknown" is recorded only where nothing was known: a VAT number
 * valid last month stays valid while VIES is down today. A new VAT number starts over.
 */
export function mergeScreening(
  before: ScreeningState, vatNumber: string | null, vies: ViesAnswer | null, bureau: { source: string; answer: BureauAnswer } | null, now: Date,
): ScreeningState {
  const after = { ...before };
  if (vatNumber !== before.vatNumber) {
    Object.assign(after, { vatNumber, vatStatus: null, vatCheckedAt: null, vatRegisteredName: null, vatRegisteredAddress: null });
  }
  if (vies && (vies.status !== "unknown" || after.vatStatus === null || after.vatStatus === "unknown")) {
    after.vatStatus = vies.status;
    after.vatCheckedAt = now;
    after.vatRegisteredName = vies.status === "valid" ? vies.name : null;
    after.vatRegisteredAddress = vies.status === "valid" ? vies.address : null;
  }
  const answer = bureau?.answer;
  if (answer?.status === "found") {
    Object.assign(after, {
      bureauStatus: "found", bureauSource: bureau!.source, bureauCompanyId: answer.companyId, bureauCompanyName: answer.companyName, bureauScore: answer.score, bureauRating: answer.rating,
      bureauLimitMinor: answer.limitAdvice?.minor ?? null, bureauLimitCurrency: answer.limitAdvice?.currency ?? null, bureauCheckedAt: now,
    });
  } else if (answer?.status === "not_found") {
    Object.assign(after, {
      bureauStatus: "not_found", bureauSource: bureau!.source, bureauCompanyId: null, bureauCompanyName: null, bureauScore: null, bureauRating: null, bureauLimitMinor: null, bureauLimitCurrency: null, bureauCheckedAt: now,
    });
  } else if (answer?.status === "unknown" && after.bureauStatus === null) {
    Object.assign(after, { bureauStatus: "unknown", bureauSource: bureau!.source });
  }
  return after;
}

export type ScreeningChange =
  | { kind: "vat_invalid"; vatNumber: string; wasValid: boolean }
  | { kind: "score_dropped"; from: number; to: number }
  | { kind: "limit_lowered"; fromMinor: number; toMinor: number; currency: string }
  | { kind: "bureau_rating_high_risk"; rating: CreditRating };

/** What changed for the worse; each is alerted once (the caller keys the alert by the change). */
export function screeningChanges(before: ScreeningState, after: ScreeningState, scoreDrop: number): ScreeningChange[] {
  const changes: ScreeningChange[] = [];
  if (after.vatNumber && after.vatStatus === "invalid" && !(before.vatStatus === "invalid" && before.vatNumber === after.vatNumber)) {
    changes.push({ kind: "vat_invalid", vatNumber: after.vatNumber, wasValid: before.vatStatus === "valid" && before.vatNumber === after.vatNumber });
  }
  if (before.bureauScore !== null && after.bureauScore !== null && before.bureauScore - after.bureauScore >= Math.max(1, scoreDrop)) {
    changes.push({ kind: "score_dropped", from: before.bureauScore, to: after.bureauScore });
  }
  if (before.bureauLimitMinor !== null && after.bureauLimitMinor !== null && after.bureauLimitMinor < before.bureauLimitMinor && before.bureauLimitCurrency === after.bureauLimitCurrency) {
    changes.push({ kind: "limit_lowered", fromMinor: before.bureauLimitMinor, toMinor: after.bureauLimitMinor, currency: after.bureauLimitCurrency ?? "" });
  }
  if (after.bureauRating && bureauRisk(after.bureauRating, after.bureauScore) === "high" && (!before.bureauRating || bureauRisk(before.bureauRating, before.bureauScore) !== "high")) {
    changes.push({ kind: "bureau_rating_high_risk", rating: after.bureauRating });
  }
  return changes;
}

/** Creditsafe's bands: D (21-29) is high risk, E (1-20) very high or not rated. */
function bureauRisk(rating: CreditRating | null, score: number | null): "high" | "medium" | null {
  if (rating === "E" || (score !== null && score <= 20)) return "high";
  if (rating === "D" || (score !== null && score < 30)) return "medium";
  return null;
}

export interface ScreeningFacts {
  vatStatus: string | null;
  bureauScore: number | null;
  bureauRating: string | null;
  /** the bureau named in the reason */
  bureauSource?: string;
}

/** Reasons the screening adds to the risk level (app/domain/risk.ts), each naming its source. */
export function screeningRiskReasons(facts: ScreeningFacts): { high: RiskReason[]; medium: RiskReason[] } {
  const high: RiskReason[] = [];
  const medium: RiskReason[] = [];
  if (facts.vatStatus === "invalid") high.push({ code: "vat_not_registered" });
  const rating = (CREDIT_RATINGS as readonly string[]).includes(facts.bureauRating ?? "") ? (facts.bureauRating as CreditRating) : null;
  const band = bureauRisk(rating, facts.bureauScore);
  if (band) (band === "high" ? high : medium).push({ code: "bureau", score: facts.bureauScore, rating, source: facts.bureauSource ?? null });
  return { high, medium };
}

/** The bureau's advised limit as a suggestion for the shop's own, when it is in the shop's currency. */
export function suggestedCreditLimit(state: Pick<ScreeningState, "bureauLimitMinor" | "bureauLimitCurrency">, shopCurrency: string): number | null {
  return state.bureauLimitMinor !== null && state.bureauLimitCurrency === shopCurrency ? state.bureauLimitMinor : null;
}
