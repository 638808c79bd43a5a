/**
 * The NL "14-dagenbrief" (art. 6:96 lid 6 BW): collection costs may be charged only after a
 * notice, sent when already in default, that names the exact cost amount and gives 14 days
 * starting the day after receipt. Wording such as "binnen 14 dagen na dagtekening" is invalid:
 * the notice names the last day instead, computed here.
 */
import { DAY_MS } from "../time";

/** A calendar day, "2026-12-09": what a notice names, whatever the reader's time zone. */
export type LocalDate = string;

export function localDate(moment: Date, timeZone: string): LocalDate {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(moment);
}

export function addCalendarDays(date: LocalDate, days: number): LocalDate {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The last day to pay. An email is received the day it is sent (in the shop's time zone); a
 * letter is assumed received two days after posting. Day 1 is the day after receipt; day 14 is
 * the last day.
 */
export function fourteenDayDeadline(sentAt: Date, channel: "email" | "letter", timeZone: string): LocalDate {
  const received = addCalendarDays(localDate(sentAt, timeZone), channel === "letter" ? 2 : 0);
  return addCalendarDays(received, 14);
}

/** A moment safely after the last day has ended anywhere on earth (the day ends at most 14 hours after UTC's). */
export function afterLocalDate(date: LocalDate): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS + 14 * 3_600_000);
}

const INVALID_WORDINGS = [/na\s+dagtekening/i, /na\s+(de\s+)?datum\s+van\s+deze\s+(brief|e-?mail)/i, /binnen\s+14\s+dagen\s*\.?$/im];

export interface NoticeCheck {
  valid: boolean;
  problems: string[];
}

/** Checks a rendered notice: exact cost amount named, a concrete last day, no invalid term wording. */
export function checkFourteenDayNotice(text: string, costAmount: string, deadline: string): NoticeCheck {
  const problems: string[] = [];
  if (!text.includes(costAmount)) problems.push("the exact collection cost amount is not named");
  if (!text.includes(deadline)) problems.push("the last day of the 14-day term is not named");
  for (const wording of INVALID_WORDINGS) if (wording.test(text)) problems.push(`invalid term wording: ${wording.source}`);
  return { valid: problems.length === 0, problems };
}
