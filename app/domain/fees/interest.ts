/**
 * Statutory interest as simple interest per day (actual/365), with the rate of each dated
 * period applied to the days inside it. Rates are data (rates.json), never code.
 */
import rates from "./rates.json";
import { DAY_MS } from "../time";

export type RateTable = "nl_consumer" | "nl_commercial" | "de_base";

export interface DatedRate {
  from: string;
  /** percent per year, as a decimal string: "10.15" */
  percent: string;
}

/** percent string -> millionths of a percent, so "10.15" is exact: 10150000 */
function percentMicros(percent: string): number {
  const [whole, fraction = ""] = percent.split(".");
  return Number(whole) * 1_000_000 + Number(fraction.padEnd(6, "0").slice(0, 6));
}

export function ratesFor(table: RateTable): DatedRate[] {
  return (rates as unknown as Record<RateTable, DatedRate[]>)[table];
}

/**
 * Interest on `principalCents` for the days after `dueAt` up to and including `until`'s day
 * (interest runs from the day after the due date), plus `surchargePercent` (DE: 5 or 9) on top.
 */
export function statutoryInterest(
  principalCents: number, dueAt: Date, until: Date, table: DatedRate[], surchargePercent = "0",
): number {
  const firstDay = Date.UTC(dueAt.getUTCFullYear(), dueAt.getUTCMonth(), dueAt.getUTCDate()) + DAY_MS;
  const lastDay = Date.UTC(until.getUTCFullYear(), until.getUTCMonth(), until.getUTCDate());
  if (principalCents <= 0 || lastDay < firstDay) return 0;
  const surcharge = percentMicros(surchargePercent);
  const sorted = [...table].sort((a, b) => a.from.localeCompare(b.from));
  // sum of principal x percent-micros x days, divided once at the end: one rounding only
  let accumulated = 0n;
  for (let day = firstDay; day <= lastDay; day += DAY_MS) {
    const iso = new Date(day).toISOString().slice(0, 10);
    const rate = sorted.filter((r) => r.from <= iso).at(-1);
    if (!rate) throw new Error(`no statutory rate known for ${iso}`);
    accumulated += BigInt(principalCents) * BigInt(percentMicros(rate.percent) + surcharge);
  }
  const divisor = 100n * 1_000_000n * 365n;
  return Number((accumulated + divisor / 2n) / divisor);
}

/** EU Late Payment Directive / NL art. 6:96 lid 4 BW / DE § 288 Abs. 5 BGB: flat 40 EUR per late B2B invoice. */
export const B2B_FIXED_COMPENSATION_CENTS = 4_000;
