/** The collection costs a final notice may name, by the shop's legal profile (the merchant decides). */
import { bikCollectionCosts } from "./nlBik";
import { beConsumerDamages } from "./beConsumer";
import { B2B_FIXED_COMPENSATION_CENTS } from "./interest";

export const LEGAL_PROFILES = ["nl_consumer", "nl_business", "be_consumer", "de_consumer", "de_business", "none"] as const;
export type LegalProfile = (typeof LEGAL_PROFILES)[number];

/** In euro cents; other currencies get no statutory amount (the scales are set in euro). */
export function collectionCosts(profile: string, outstandingMinor: number, currency: string): number {
  if (currency !== "EUR") return 0;
  switch (profile) {
    case "nl_consumer":
      return bikCollectionCosts(outstandingMinor);
    case "be_consumer":
      return beConsumerDamages(outstandingMinor);
    case "nl_business":
    case "de_business":
      return B2B_FIXED_COMPENSATION_CENTS;
    default:
      // DE consumers: costs only as proven damages, not a flat amount in the notice
      return 0;
  }
}
