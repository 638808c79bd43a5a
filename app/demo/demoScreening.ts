/**
 * What VIES and the credit bureau know of the demo's businesses, served through the same provider
 * interface as the real ones (app/domain/screening): the demo stands in for them as it stands in
 * for Shopify. Two businesses have a VAT number on file: one registered, whose bureau score drops
 * two months before the demo's today (monitoring alerts it), one whose VAT number VIES does not know.
 * Every other business is unknown to the bureau, as many small firms are.
 */
import { DAY_MS } from "../domain/time";
import type { BureauAnswer, ScreeningProviders } from "../domain/screening/screening";

export const DEMO_BUREAU = "Creditsafe (demo data)";

export interface DemoScreenedCustomer {
  gid: string;
  company: string;
  vatNumber: string;
  /** how VIES answers: registered with the company's name, or not registered */
  registered: boolean;
}

const companyOf = (c: Record<string, unknown>) => (c.default_address as { company?: string | null } | undefined)?.company ?? null;
const countryOf = (c: Record<string, unknown>) => (c.default_address as { country_code?: string } | undefined)?.country_code ?? null;

/** The first Dutch business of the book (registered) and the first from elsewhere (VAT number unknown in VIES). */
export function demoScreenedCustomers(customers: readonly Record<string, unknown>[]): DemoScreenedCustomer[] {
  const businesses = customers.filter((c) => companyOf(c));
  const dutch = businesses.find((c) => countryOf(c) === "NL");
  const foreign = businesses.find((c) => countryOf(c) === "BE" || countryOf(c) === "DE");
  const vat = (c: Record<string, unknown>, n: number) => {
    const digits = String(810_000_000 + n).slice(0, 9);
    return countryOf(c) === "NL" ? `NL${digits}B01` : countryOf(c) === "BE" ? `BE0${digits}` : `DE${digits}`;
  };
  return [dutch && { c: dutch, registered: true }, foreign && { c: foreign, registered: false }].flatMap((x, i) => x ? [{
    gid: x.c.admin_graphql_api_id as string, company: companyOf(x.c)!, vatNumber: vat(x.c, i + 7), registered: x.registered,
  }] : []);
}

/** The providers as they answer on a morning of the history; `now` is the demo's today. */
export function demoScreeningProviders(screened: readonly DemoScreenedCustomer[], now: Date): (at: Date) => ScreeningProviders {
  const dropsAt = now.getTime() - 60 * DAY_MS;
  return (at) => ({
    vies: async (vat) => {
      const known = screened.find((s) => s.vatNumber === `${vat.countryCode}${vat.number}`);
      if (!known?.registered) return { status: "invalid" };
      return { status: "valid", name: `${known.company.toUpperCase()} B.V.`, address: "HOOFDSTRAAT 1, 3511 AB UTRECHT" };
    },
    bureau: {
      source: DEMO_BUREAU,
      check: async (query): Promise<BureauAnswer> => {
        const known = screened.find((s) => s.vatNumber === query.vatNumber || s.company === query.name);
        if (!known) return { status: "not_found" };
        const companyId = `${known.vatNumber.slice(0, 2)}-X-${known.vatNumber.slice(2)}`;
        if (!known.registered) return { status: "found", companyId, companyName: known.company, score: 24, rating: "D", limitAdvice: { minor: 100_000, currency: "EUR" } };
        const dropped = at.getTime() >= dropsAt;
        return {
          status: "found", companyId, companyName: known.company, score: dropped ? 58 : 81, rating: dropped ? "B" : "A",
          limitAdvice: { minor: dropped ? 750_000 : 1_500_000, currency: "EUR" },
        };
      },
    },
  });
}
