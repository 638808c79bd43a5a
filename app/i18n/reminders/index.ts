/** Texts of customer messages per language; the customer's locale picks the file. */
import en from "./en.json";
import nl from "./nl.json";
import de from "./de.json";
import fr from "./fr.json";
import type { StepPurpose, Tone } from "../../domain/flows";

export const REMINDER_LOCALES = { en, nl, de, fr } as const;
export type ReminderLocale = keyof typeof REMINDER_LOCALES;
type Texts = Record<string, string>;

const COUNTRY_LANGUAGE: Record<string, ReminderLocale> = { NL: "nl", BE: "nl", DE: "de", AT: "de", CH: "de", FR: "fr", LU: "fr" };

/** The customer's own locale first, then their country's language, then English. */
export function reminderLocale(locale: string | null, countryCode: string | null): ReminderLocale {
  const base = locale?.toLowerCase().split(/[-_]/)[0];
  if (base && base in REMINDER_LOCALES) return base as ReminderLocale;
  return (countryCode && COUNTRY_LANGUAGE[countryCode]) || "en";
}

export function reminderText(locale: ReminderLocale, key: string, values: Record<string, string> = {}): string {
  const texts: Texts = REMINDER_LOCALES[locale];
  const template = texts[key] ?? (en as Texts)[key];
  if (template === undefined) throw new Error(`no reminder text ${key}`);
  return template.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? `{${name}}`);
}

/** The text for a step: its purpose in its tone, else the nearest tone written. */
export function stepTextKey(purpose: StepPurpose, tone: Tone, part: "subject" | "body"): string {
  const texts: Texts = en;
  const candidates = [tone, "neutral", "friendly", "firm"].map((t) => `${purpose}.${t}.${part}`);
  return candidates.find((key) => key in texts) ?? `reminder.neutral.${part}`;
}
