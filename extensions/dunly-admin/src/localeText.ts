/**
 * The extension's texts outside Shopify (the app's preview page, the tests): Shopify's
 * i18n.translate reads the same locale files this way, dotted keys with {{name}} replaced.
 */
import type { Translate } from "./views";
import en from "../locales/en.default.json";
import nl from "../locales/nl.json";
import de from "../locales/de.json";
import fr from "../locales/fr.json";

export const EXTENSION_LOCALES = { en, nl, de, fr } as const;

export function localeTranslator(locale: keyof typeof EXTENSION_LOCALES): Translate {
  const messages: unknown = EXTENSION_LOCALES[locale];
  return (key, values = {}) => {
    const found = key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], messages);
    if (typeof found !== "string") throw new Error(`dunly-admin/${locale}: no text for ${key}`);
    return found.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values[name] ?? `{{${name}}}`));
  };
}
