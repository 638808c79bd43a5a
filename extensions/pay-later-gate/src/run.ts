/**
 * Payment customization Function: hides the pay-later methods (invoice, bank transfer, net terms;
 * names configurable) for customers whose credit status, kept by the app in a customer metafield,
 * says "high_risk" or "over_limit". Everyone else, and guests, see every method.
 */
export interface RunInput {
  cart: { buyerIdentity: { customer: { creditStatus: { value: string } | null } | null } | null };
  paymentMethods: { id: string; name: string }[];
  paymentCustomization: { configuration: { value: string } | null } | null;
}

export interface FunctionRunResult {
  operations: { hide: { paymentMethodId: string } }[];
}

export const DEFAULT_PAY_LATER_NAMES = ["invoice", "factuur", "rechnung", "facture", "bank transfer", "bank deposit", "overboeking", "net terms", "pay later", "achteraf betalen"];
const BLOCKING_STATUSES = new Set(["high_risk", "over_limit"]);

function payLaterNames(input: RunInput): string[] {
  const raw = input.paymentCustomization?.configuration?.value;
  if (!raw) return DEFAULT_PAY_LATER_NAMES;
  try {
    const parsed = JSON.parse(raw) as { paymentMethodNames?: unknown };
    const names = Array.isArray(parsed.paymentMethodNames) ? parsed.paymentMethodNames.filter((n): n is string => typeof n === "string" && n.trim() !== "") : [];
    return names.length ? names.map((n) => n.toLowerCase()) : DEFAULT_PAY_LATER_NAMES;
  } catch {
    // a broken configuration must not open pay-later to risky customers: fall back to the defaults
    return DEFAULT_PAY_LATER_NAMES;
  }
}

export function run(input: RunInput): FunctionRunResult {
  const status = input.cart?.buyerIdentity?.customer?.creditStatus?.value;
  if (!status || !BLOCKING_STATUSES.has(status)) return { operations: [] };
  const names = payLaterNames(input);
  return {
    operations: input.paymentMethods
      .filter((method) => names.some((name) => method.name.toLowerCase().includes(name)))
      .map((method) => ({ hide: { paymentMethodId: method.id } })),
  };
}
