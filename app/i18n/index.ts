import en from "./en.json";
import nl from "./nl.json";
import de from "./de.json";
import fr from "./fr.json";

export type MessageKey = keyof typeof en;
export const LOCALES = { en, nl, de, fr } as const;
export type Locale = keyof typeof LOCALES;

export function pickLocale(requested: string | null | undefined): Locale {
  const base = (requested ?? "en").toLowerCase().split(/[-_]/)[0];
  return base in LOCALES ? (base as Locale) : "en";
}

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

export function translator(locale: Locale): Translate {
  const messages: Record<string, string> = LOCALES[locale];
  return (key, values = {}) =>
    // a key without a text shows as itself rather than breaking the page (the i18n test keeps the lists whole)
    (messages[key] ?? en[key] ?? key).replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
}
