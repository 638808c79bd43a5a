/**
 * Each language's own translator that refuses a key the language lacks (the app's translators fall
 * back to English): a test walking every code through it proves each language has its words.
 */
import { LOCALES, translator, type MessageKey } from "../../app/i18n";
import { CUSTOMER_LOCALES, customerTexts, type CustomerTextKey } from "../../app/i18n/customer";

type Values = Record<string, string | number>;

function strictly<K extends string>(words: Record<string, string>, t: (key: K, values?: Values) => string, name: string) {
  return (key: K, values?: Values) => {
    if (!(key in words)) throw new Error(`${name}: no text for ${key}`);
    return t(key, values);
  };
}

/** The admin's four languages, each strict. */
export const strictAdminWords = () =>
  (Object.keys(LOCALES) as (keyof typeof LOCALES)[]).map((locale) => ({ locale, t: strictly<MessageKey>(LOCALES[locale], translator(locale), locale) }));

/** The customer's four languages (the customer page, the customer account), each strict. */
export const strictCustomerWords = () =>
  (Object.keys(CUSTOMER_LOCALES) as (keyof typeof CUSTOMER_LOCALES)[]).map((locale) => ({ locale, t: strictly<CustomerTextKey>(CUSTOMER_LOCALES[locale], customerTexts(locale), locale) }));
