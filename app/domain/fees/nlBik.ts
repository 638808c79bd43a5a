/**
 * NL consumers: extrajudicial collection costs by the BIK scale (Besluit vergoeding voor
 * buitengerechtelijke incassokosten), in euro cents. 15% of the first 2,500, 10% of the next
 * 2,500, 5% of the next 5,000, 1% of the next 190,000, 0.5% above; at least 40, at most 6,775.
 * No VAT on top for VAT-registered merchants (they can deduct it).
 */
const BRACKETS: { upTo: number; rateBasisPoints: number }[] = [
  { upTo: 250_000, rateBasisPoints: 1500 },
  { upTo: 500_000, rateBasisPoints: 1000 },
  { upTo: 1_000_000, rateBasisPoints: 500 },
  { upTo: 20_000_000, rateBasisPoints: 100 },
  { upTo: Infinity, rateBasisPoints: 50 },
];
export const BIK_MINIMUM_CENTS = 4_000;
export const BIK_MAXIMUM_CENTS = 677_500;

/** Per bracket in basis points; rounded to the cent once, at the end, half up. */
export function bikCollectionCosts(principalCents: number): number {
  if (!Number.isSafeInteger(principalCents) || principalCents <= 0) return 0;
  let tenThousandths = 0;
  let lower = 0;
  for (const { upTo, rateBasisPoints } of BRACKETS) {
    const slice = Math.min(principalCents, upTo) - lower;
    if (slice <= 0) break;
    tenThousandths += slice * rateBasisPoints;
    lower = upTo;
  }
  const cents = Math.floor((tenThousandths + 5_000) / 10_000);
  return Math.min(BIK_MAXIMUM_CENTS, Math.max(BIK_MINIMUM_CENTS, cents));
}
