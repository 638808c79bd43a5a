/**
 * Structured payment references for bank transfers, so a payment can be matched to its order:
 * the international creditor reference (ISO 11649, "RF" + two check digits + up to 21 characters)
 * and the Belgian structured communication ("+++123/4567/89002+++": ten digits and a mod-97 check).
 * And the IBAN check (ISO 13616, mod 97) for the shop's own account.
 */

/** Remainder mod 97 of a long number given as digits, without losing precision. */
function mod97(digits: string): number {
  let rest = 0;
  for (const digit of digits) rest = (rest * 10 + Number(digit)) % 97;
  return rest;
}

/** Letters as numbers (A = 10 ... Z = 35), as ISO 7064 wants for references and IBANs. */
function numeric(text: string): string {
  return [...text.toUpperCase()].map((c) => (/[A-Z]/.test(c) ? String(c.charCodeAt(0) - 55) : c)).join("");
}

/** RF creditor reference for a base of 1-21 letters and digits (e.g. the order number). */
export function creditorReference(base: string): string {
  const clean = base.toUpperCase().replace(/[^A-Z0-9]/g, "");
  if (clean.length === 0 || clean.length > 21) throw new Error(`an RF reference needs 1 to 21 letters or digits, got "${base}"`);
  const check = 98 - mod97(numeric(`${clean}RF00`));
  return `RF${String(check).padStart(2, "0")}${clean}`;
}

export function isCreditorReference(text: string): boolean {
  const clean = text.toUpperCase().replace(/\s/g, "");
  return /^RF\d{2}[A-Z0-9]{1,21}$/.test(clean) && mod97(numeric(`${clean.slice(4)}${clean.slice(0, 4)}`)) === 1;
}

/** Belgian structured communication for a number of up to ten digits. */
export function belgianStructuredReference(number: string): string {
  if (!/^\d{1,10}$/.test(number)) throw new Error(`a Belgian structured reference needs up to ten digits, got "${number}"`);
  const ten = number.padStart(10, "0");
  const check = mod97(ten) || 97;
  const digits = `${ten}${String(check).padStart(2, "0")}`;
  return `+++${digits.slice(0, 3)}/${digits.slice(3, 7)}/${digits.slice(7)}+++`;
}

export function isBelgianStructuredReference(text: string): boolean {
  const digits = text.replace(/[+*/\s]/g, "");
  if (!/^\d{12}$/.test(digits)) return false;
  return (mod97(digits.slice(0, 10)) || 97) === Number(digits.slice(10));
}

/** An IBAN as banks print it (groups of four), or null when its country format or check digits are wrong. */
export function normalizeIban(text: string): string | null {
  const iban = text.toUpperCase().replace(/\s/g, "");
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return null;
  if (mod97(numeric(`${iban.slice(4)}${iban.slice(0, 4)}`)) !== 1) return null;
  return iban.replace(/(.{4})/g, "$1 ").trim();
}

/** An IBAN for a country and account number (BBAN) with its check digits: for test and demo accounts. */
export function ibanWithCheckDigits(country: string, bban: string): string {
  const check = 98 - mod97(numeric(`${bban}${country}00`));
  return normalizeIban(`${country}${String(check).padStart(2, "0")}${bban}`)!;
}

/** The reference a shop prints for an order: the Belgian form for Belgian shops, RF elsewhere. */
export function orderPaymentReference(orderName: string, style: "be" | "rf"): string | null {
  const digits = orderName.replace(/\D/g, "");
  if (style === "be") return digits && digits.length <= 10 ? belgianStructuredReference(digits) : null;
  const base = orderName.replace(/[^A-Za-z0-9]/g, "");
  return base && base.length <= 21 ? creditorReference(base) : null;
}

/**
 * An instalment's own reference, so a transfer for it is matched to its order: RF with "I" and the
 * instalment number after the order's base, or, in the Belgian form, the order number times 100
 * plus the instalment number.
 */
export function instalmentPaymentReference(orderName: string, seq: number, style: "be" | "rf"): string | null {
  if (!Number.isInteger(seq) || seq < 1 || seq > 99) return null;
  const digits = orderName.replace(/\D/g, "");
  if (style === "be") return digits && digits.length <= 8 ? belgianStructuredReference(String(Number(digits) * 100 + seq)) : null;
  const base = orderName.replace(/[^A-Za-z0-9]/g, "");
  return base && base.length + 1 + String(seq).length <= 21 ? creditorReference(`${base}I${seq}`) : null;
}
