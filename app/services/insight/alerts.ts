/** Raising monitoring alerts; each has a key, so the same event never alerts twice. */
import type { Db } from "../../db/client";
import { isUniqueViolation } from "../ledger/dbErrors";
import { translator } from "../../i18n";
import { alertText, type AlertWords } from "../../i18n/alertTexts";

export type AlertKind = AlertWords["text"];

export interface AlertToRaise {
  shopId: string;
  key: string;
  words: AlertWords;
  customerId?: string | null;
  receivableId?: string | null;
}

const ENGLISH = translator("en");

/** The stored row: the words, worded where the alert is read; the English text beside them, as for the alerts raised before words were kept. */
export function alertRow({ words, ...alert }: AlertToRaise, now: Date) {
  return { ...alert, kind: words.text, words: JSON.stringify(words), message: alertText(words, ENGLISH, "en"), createdAt: now };
}

export async function raiseAlert(db: Db, alert: AlertToRaise, now: Date): Promise<boolean> {
  try {
    await db.alert.create({ data: alertRow(alert, now) });
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

/** What an alert says in the reader's language; one raised before its words were kept, in its English text. */
export function alertWordsOf(alert: { words: string | null }): AlertWords | null {
  return alert.words ? (JSON.parse(alert.words) as AlertWords) : null;
}
