/**
 * DSO by the countback method: walk back from today through the credit sales, day by day, until
 * the sales add up to what is outstanding now; the number of days walked is the DSO. Unlike
 * "balance / sales x period" it does not jump with seasonal sales.
 */
import { DAY_MS } from "./time";

export interface Sale {
  issuedAt: Date;
  amountMinor: number;
}

/** Credit sales per calendar day (UTC), index 0 = today, for `days` days back. */
export function dailySales(sales: Iterable<Sale>, now: Date, days: number): number[] {
  const today = Math.floor(now.getTime() / DAY_MS);
  const perDay = new Array<number>(days).fill(0);
  for (const sale of sales) {
    const age = today - Math.floor(sale.issuedAt.getTime() / DAY_MS);
    if (age >= 0 && age < days) perDay[age] += sale.amountMinor;
  }
  return perDay;
}

/** Days, to one decimal; null when the outstanding balance is older than all sales looked at. */
export function dsoCountback(outstandingMinor: number, salesPerDay: readonly number[]): number | null {
  let left = outstandingMinor;
  if (left <= 0) return 0;
  for (let day = 0; day < salesPerDay.length; day++) {
    const sales = salesPerDay[day];
    if (sales >= left) return Math.round((day + left / sales) * 10) / 10;
    left -= sales;
  }
  return null;
}
