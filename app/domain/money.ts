/**
 * Money in integer minor units of one currency (cents, yen, fils). Never a float:
 * amounts arrive as decimal strings and are parsed digit by digit.
 */
export type CurrencyCode = string & { readonly __currency: unique symbol };

export interface Money {
  readonly minor: number;
  readonly currency: CurrencyCode;
}

export class MoneyError extends Error {
  override name = "MoneyError";
}

/** The largest amount we accept, far above any real order, well inside 2^53. */
export const MAX_MINOR = 1e15;

const digitsCache = new Map<string, number>();
/** ISO 4217 codes the runtime knows; Intl alone would format any three letters. */
const KNOWN_CURRENCIES = new Set(Intl.supportedValuesOf("currency"));

export function asCurrency(code: unknown): CurrencyCode {
  if (typeof code !== "string" || !/^[A-Z]{3}$/.test(code)) {
    throw new MoneyError(`invalid currency code: ${JSON.stringify(code)}`);
  }
  if (!KNOWN_CURRENCIES.has(code)) throw new MoneyError(`unknown currency: ${code}`);
  return code as CurrencyCode;
}

/** ISO 4217 minor-unit digits (EUR 2, JPY 0, KWD 3), from the runtime's ICU data. */
export function currencyDigits(currency: CurrencyCode): number {
  let digits = digitsCache.get(currency);
  if (digits === undefined) {
    try {
      digits = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions()
        .maximumFractionDigits as number;
    } catch {
      throw new MoneyError(`unknown currency: ${currency}`);
    }
    digitsCache.set(currency, digits);
  }
  return digits;
}

/**
 * "12.30" -> 1230 (EUR). Extra fraction digits are accepted only when they are zeros
 * ("1000.00" JPY -> 1000): Shopify formats some zero-decimal currencies that way.
 */
/** a + b in minor units, refused beyond MAX_MINOR: far below 2^53, so a sum never loses a cent silently. */
export function addMinor(a: number, b: number): number {
  const sum = a + b;
  if (Math.abs(sum) > MAX_MINOR) throw new MoneyError(`sum out of range: ${a} + ${b}`);
  return sum;
}

export function parseMinor(value: unknown, currency: CurrencyCode): number {
  const text = typeof value === "number" ? numberToPlainString(value) : value;
  if (typeof text !== "string") throw new MoneyError(`amount must be a decimal string, got ${typeof value}`);
  const match = /^(-)?(\d{1,16})(?:\.(\d{1,12}))?$/.exec(text.trim());
  if (!match) throw new MoneyError(`invalid amount: ${JSON.stringify(text)}`);
  const [, sign, whole, fraction = ""] = match;
  const digits = currencyDigits(currency);
  const kept = fraction.slice(0, digits).padEnd(digits, "0");
  if (/[^0]/.test(fraction.slice(digits))) {
    throw new MoneyError(`amount ${text} has more decimals than ${currency} allows`);
  }
  const minor = Number(whole) * 10 ** digits + Number(kept || "0");
  if (!Number.isSafeInteger(minor) || minor > MAX_MINOR) throw new MoneyError(`amount out of range: ${text}`);
  return sign && minor !== 0 ? -minor : minor;
}

function numberToPlainString(value: number): string {
  if (!Number.isFinite(value)) throw new MoneyError(`invalid amount: ${value}`);
  // JSON numbers such as 12.3 are read back as the decimal text a person would write.
  return String(value).includes("e") ? value.toFixed(12) : String(value);
}

/** 1230 (EUR) -> "12.30": the decimal string Shopify and exports use. */
export function toDecimalString(minor: number, currency: CurrencyCode): string {
  const digits = currencyDigits(currency);
  const sign = minor < 0 ? "-" : "";
  const abs = Math.abs(minor).toString().padStart(digits + 1, "0");
  return digits === 0 ? `${sign}${abs}` : `${sign}${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
}

/** Building a formatter costs far more than using one: lists and messages format thousands of amounts. */
const formatters = new Map<string, Intl.NumberFormat>();

/** Localised display: formatMoney(1230, "EUR", "nl") -> "€ 12,30". */
export function formatMoney(minor: number, currency: CurrencyCode, locale = "en"): string {
  const key = `${locale} ${currency}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, { style: "currency", currency, minimumFractionDigits: currencyDigits(currency) });
    formatters.set(key, formatter);
  }
  // The decimal string goes to Intl as a string so no float rounding is ever involved.
  return formatter.format(toDecimalString(minor, currency) as unknown as number);
}

/** An amount as the customer reads it: in the currency they pay in, the shop's own beside it. */
export function formatOwed(shopMinor: number, shopCurrency: CurrencyCode, presented: { currency: CurrencyCode; amountMinor: number } | null, locale = "en"): string {
  const shop = formatMoney(shopMinor, shopCurrency, locale);
  return presented ? `${formatMoney(presented.amountMinor, presented.currency, locale)} (${shop})` : shop;
}

export function sumMinor(values: Iterable<number>): number {
  let total = 0;
  for (const value of values) total += value;
  if (!Number.isSafeInteger(total)) throw new MoneyError("sum out of range");
  return total;
}
