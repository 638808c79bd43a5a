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

export interface ConsolidatedCosts {
  totalMinor: number;
  /** each covered order's share, in the order given; the shares add up to the total exactly */
  perOrderMinor: number[];
  /** how the total was reached, for the notice and the hand-over file */
  basis: "summed_principal" | "per_invoice" | "none";
}

/**
 * The costs one notice names for several orders of one customer. Consumer scales (NL BIK, BE
 * damages) apply once to the summed principal: no 40 EUR minimum per order. Between businesses
 * the 40 EUR compensation is owed per late invoice (Directive 2011/7/EU art. 6), so it is not
 * merged. A summed total is split over the orders in proportion to their principal, the rounding
 * remainder going to the largest.
 */
export function consolidatedCollectionCosts(profile: string, principalsMinor: readonly number[], currency: string): ConsolidatedCosts {
  const none = { totalMinor: 0, perOrderMinor: principalsMinor.map(() => 0), basis: "none" as const };
  if (principalsMinor.length === 0) return none;
  if (profile === "nl_business" || profile === "de_business") {
    const each = principalsMinor.map((p) => collectionCosts(profile, p, currency));
    const total = each.reduce((a, b) => a + b, 0);
    return total ? { totalMinor: total, perOrderMinor: each, basis: "per_invoice" } : none;
  }
  const principal = principalsMinor.reduce((a, b) => a + b, 0);
  const total = collectionCosts(profile, principal, currency);
  if (!total) return none;
  return { totalMinor: total, perOrderMinor: splitProportionally(total, principalsMinor), basis: "summed_principal" };
}

/** total split in proportion to weights, whole minor units, summing to total exactly. */
export function splitProportionally(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0) return weights.map((_, i) => (i === 0 ? total : 0));
  const shares = weights.map((w) => Math.floor((total * w) / sum));
  const largest = weights.indexOf(Math.max(...weights));
  shares[largest] += total - shares.reduce((a, b) => a + b, 0);
  return shares;
}
