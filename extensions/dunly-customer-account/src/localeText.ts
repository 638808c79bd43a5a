/** The customer account extension's texts outside Shopify, by language (the tests). */
import { translatorFrom, type Translate } from "../../shared/translate";
import en from "../locales/en.default.json";
import nl from "../locales/nl.json";
import de from "../locales/de.json";
import fr from "../locales/fr.json";

const LOCALES = { en, nl, de, fr } as const;

export function localeTranslator(locale: keyof typeof LOCALES): Translate {
  return translatorFrom(LOCALES[locale], `dunly-customer-account/${locale}`);
}
