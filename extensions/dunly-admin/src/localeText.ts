/** The admin extension's texts outside Shopify, by language (the preview page, the tests). */
import { translatorFrom, type Translate } from "../../shared/translate";
import en from "../locales/en.default.json";
import nl from "../locales/nl.json";
import de from "../locales/de.json";
import fr from "../locales/fr.json";

export const EXTENSION_LOCALES = { en, nl, de, fr } as const;

export function localeTranslator(locale: keyof typeof EXTENSION_LOCALES): Translate {
  return translatorFrom(EXTENSION_LOCALES[locale], `dunly-admin/${locale}`);
}
