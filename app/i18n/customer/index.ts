/** Texts of the customer page, in the customer's language. */
import en from "./en.json";
import nl from "./nl.json";
import de from "./de.json";
import fr from "./fr.json";
import type { ReminderLocale } from "../reminders";

export const CUSTOMER_LOCALES = { en, nl, de, fr } as const;
export type CustomerTextKey = keyof typeof en;

export function customerTexts(locale: ReminderLocale) {
  const texts: Record<string, string> = CUSTOMER_LOCALES[locale];
  return (key: CustomerTextKey, values: Record<string, string | number> = {}) =>
    (texts[key] ?? en[key]).replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
}
