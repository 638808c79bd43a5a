/**
 * Why a customer has their risk level, in the merchant's words. The app and its admin extension
 * (the same keys in its locale files) both word the domain's reasons so.
 */
import type { RiskReason } from "../domain/risk";
import type { Words } from "./words";

/** "pays 9 days late on average", "1 open dispute", "score 58 of 100, rating B (Creditsafe)" */
export function riskReasonText<K extends string>(reason: RiskReason, t: Words<K>): string {
  switch (reason.code) {
    case "average_days_late":
    case "worst_days_late":
      return t(`riskReason.${reason.code}` as K, { days: reason.days });
    case "broken_arrangements":
    case "open_disputes":
    case "broken_promises":
      return t(`riskReason.${reason.code}.${reason.count === 1 ? "one" : "other"}` as K, { count: reason.count });
    case "bureau": {
      const source = reason.source ?? t("riskReason.bureau.anyBureau" as K);
      if (reason.score === null) return t("riskReason.bureau.rating" as K, { rating: reason.rating ?? "", source });
      return reason.rating
        ? t("riskReason.bureau.scoreAndRating" as K, { score: reason.score, rating: reason.rating, source })
        : t("riskReason.bureau.score" as K, { score: reason.score, source });
    }
    default:
      return t(`riskReason.${reason.code}` as K);
  }
}

/** All of a customer's reasons on one line. */
export function riskReasonsText<K extends string>(reasons: readonly RiskReason[], t: Words<K>): string {
  return reasons.map((reason) => riskReasonText(reason, t)).join("; ");
}
