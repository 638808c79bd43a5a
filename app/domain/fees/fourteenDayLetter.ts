/**
 * The NL "14-dagenbrief" (art. 6:96 lid 6 BW): collection costs may be charged only after a
 * notice, sent when already in default, that names the exact cost amount and gives 14 days
 * starting the day after receipt. Wording such as "binnen 14 dagen na dagtekening" is invalid:
 * the notice names the last day instead, computed here.
 */
import { DAY_MS } from "../time";

/** An email is received the day it is sent; a letter is assumed received two days after posting. */
export function fourteenDayDeadline(sentAt: Date, channel: "email" | "letter"): Date {
  const sentDay = Date.UTC(sentAt.getUTCFullYear(), sentAt.getUTCMonth(), sentAt.getUTCDate());
  const receivedDay = sentDay + (channel === "letter" ? 2 : 0) * DAY_MS;
  // day 1 is the day after receipt; the deadline is the end of day 14
  return new Date(receivedDay + 15 * DAY_MS - 1);
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
