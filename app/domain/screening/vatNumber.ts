/**
 * EU VAT numbers as VIES knows them: a member state's prefix (Greece is EL, Northern Ireland XI)
 * and 8-12 letters or digits (Romania: 2-10 digits). Checked for shape here; whether it is registered is VIES's answer.
 */
export const VIES_COUNTRIES = [
  "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "EL", "ES", "FI", "FR", "HR", "HU", "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK", "XI",
] as const;

export interface VatNumber {
  countryCode: (typeof VIES_COUNTRIES)[number];
  number: string;
}

export class VatNumberError extends Error {
  override name = "VatNumberError";
}

/** "nl 8104.62.215 B01" -> { NL, 810462215B01 }; GR is written EL in VIES. */
export function parseVatNumber(text: string): VatNumber {
  const compact = text.toUpperCase().replace(/[\s.\-/]/g, "");
  const prefix = compact.slice(0, 2) === "GR" ? "EL" : compact.slice(0, 2);
  const number = compact.slice(2);
  if (!(VIES_COUNTRIES as readonly string[]).includes(prefix)) throw new VatNumberError(`"${text.slice(0, 40)}" does not start with an EU country code such as NL or BE`);
  // 8 to 12 characters after the prefix in every member state but Romania (2 to 10 digits)
  const shape = prefix === "RO" ? /^[0-9]{2,10}$/ : /^[0-9A-Z]{8,12}$/;
  if (!shape.test(number)) throw new VatNumberError(`"${text.slice(0, 40)}" is not a VAT number: after the country code come 8 to 12 letters or digits`);
  return { countryCode: prefix as VatNumber["countryCode"], number };
}

const words = (text: string) => text.normalize("NFD").replace(/\p{Diacritic}/gu, "").toLowerCase()
  .split(/[^a-z0-9]+/).filter((w) => w.length > 1 && !["bv", "nv", "vof", "gmbh", "sa", "sarl", "srl", "bvba", "ltd", "the", "de", "het"].includes(w));

/** Whether the registered name and the shop's customer name share a meaningful word (VIES writes "FIETSENHUIS B.V."). */
export function namesAgree(registered: string | null, known: string | null): boolean | null {
  if (!registered || !known) return null;
  const mine = new Set(words(known));
  return words(registered).some((w) => mine.has(w));
}

const compact = (text: string) => text.normalize("NFD").replace(/\p{Diacritic}/gu, "").toUpperCase().replace(/[^A-Z0-9]/g, "");

/**
 * Whether VIES's registered address is the customer's: it holds their post code (spaces aside,
 * "1011AA" in "HOOFDSTRAAT 1, 1011 AA AMSTERDAM"), or their city where no post code is known.
 * null when either side is missing.
 */
export function addressesAgree(registered: string | null, known: { zip: string | null; city: string | null }): boolean | null {
  if (!registered || (!known.zip && !known.city)) return null;
  const haystack = compact(registered);
  return known.zip ? haystack.includes(compact(known.zip)) : haystack.includes(compact(known.city!));
}
