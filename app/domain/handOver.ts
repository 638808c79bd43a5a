/**
 * What a collection agency takes over: the claim on the day of hand-over, split the way an agency
 * and a court read it: principal, statutory interest, collection costs. The app computes, the
 * merchant decides: each part says on which basis it was computed.
 */
import { collectionCosts } from "./fees";
import { ratesFor, statutoryInterest, type RateTable } from "./fees/interest";

export interface ClaimInput {
  legalProfile: string;
  currency: string;
  /** what the customer still owes on the order at hand-over */
  principalMinor: number;
  dueAt: Date;
  /** interest runs up to and including this day */
  until: Date;
  /** the collection costs a reminder announced (NL consumers: the 14-day letter), if any */
  announcedCostsMinor: number | null;
}

export interface ClaimStatement {
  principalMinor: number;
  /** null when no statutory rate applies or none is known for the period */
  interestMinor: number | null;
  interestBasis: string | null;
  collectionCostsMinor: number;
  collectionCostsBasis: string | null;
  totalMinor: number;
}

const INTEREST: Record<string, { table: RateTable; surcharge: string; basis: string }> = {
  nl_consumer: { table: "nl_consumer", surcharge: "0", basis: "wettelijke rente, art. 6:119 BW" },
  nl_business: { table: "nl_commercial", surcharge: "0", basis: "wettelijke handelsrente, art. 6:119a BW" },
  de_consumer: { table: "de_base", surcharge: "5", basis: "Verzugszinsen, § 288 Abs. 1 BGB (Basiszinssatz + 5)" },
  de_business: { table: "de_base", surcharge: "9", basis: "Verzugszinsen, § 288 Abs. 2 BGB (Basiszinssatz + 9)" },
};

const BUSINESS_PROFILES = new Set(["nl_business", "de_business"]);

function interestOn(input: ClaimInput): { minor: number | null; basis: string | null } {
  const rule = INTEREST[input.legalProfile];
  // the statutory tables are euro rates
  if (!rule || input.currency !== "EUR") return { minor: null, basis: null };
  try {
    return { minor: statutoryInterest(input.principalMinor, input.dueAt, input.until, ratesFor(rule.table), rule.surcharge), basis: rule.basis };
  } catch (error) {
    // a due date before the oldest rate on file: the agency computes it, a guess would be wrong
    if (!/no statutory rate/.test((error as Error).message)) throw error;
    return { minor: null, basis: `${rule.basis}: no rate on file for the whole period` };
  }
}

function costsOf(input: ClaimInput): { minor: number; basis: string | null } {
  if (input.announcedCostsMinor !== null && input.announcedCostsMinor > 0) {
    return { minor: input.announcedCostsMinor, basis: "announced in a reminder" };
  }
  // between businesses the flat compensation needs no notice; consumers owe costs only once announced
  if (BUSINESS_PROFILES.has(input.legalProfile)) {
    const flat = collectionCosts(input.legalProfile, input.principalMinor, input.currency);
    if (flat > 0) return { minor: flat, basis: "flat compensation for late payment between businesses (Directive 2011/7/EU)" };
  }
  return { minor: 0, basis: null };
}

export function claimStatement(input: ClaimInput): ClaimStatement {
  const interest = interestOn(input);
  const costs = costsOf(input);
  return {
    principalMinor: input.principalMinor,
    interestMinor: interest.minor,
    interestBasis: interest.basis,
    collectionCostsMinor: costs.minor,
    collectionCostsBasis: costs.basis,
    totalMinor: input.principalMinor + (interest.minor ?? 0) + costs.minor,
  };
}
