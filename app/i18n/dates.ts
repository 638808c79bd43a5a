/**
 * Dates on the admin screens and in their texts, one way: a calendar day, or a moment to the
 * minute, in the reader's language. Shown as stored, in UTC: the ledger keeps calendar days (due
 * dates, pause ends, promises) at midnight UTC, so a day never shifts into the one before.
 */
const asDate = (value: string | Date) => (typeof value === "string" ? new Date(value) : value);

/** "20 Dec 2026", "20 dec. 2026", "20.12.2026"-like: the reader's medium date */
export function dayText(value: string | Date, locale: string): string {
  return asDate(value).toLocaleDateString(locale, { timeZone: "UTC", dateStyle: "medium" });
}

/** a day with its time, to the minute */
export function momentText(value: string | Date, locale: string): string {
  return asDate(value).toLocaleString(locale, { timeZone: "UTC", dateStyle: "medium", timeStyle: "short" });
}
