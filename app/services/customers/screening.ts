/**
 * Screening business customers: VIES for the VAT number, the shop's credit bureau (Creditsafe) for
 * score, rating and advised limit. It runs for a business customer's first sale on credit and on
 * demand, and again on the shop's schedule (monitoring). It runs beside everything else: ingest,
 * checkout and the reminders never wait on it, and a provider that is down changes nothing known.
 */
import type { Db } from "../../db/client";
import { checkVies } from "../../adapters/screening/vies";
import { creditsafeBureau } from "../../adapters/screening/creditsafe";
import { openSecret } from "../../db/sealedSecret";
import { parseVatNumber, VatNumberError, namesAgree, type VatNumber } from "../../domain/screening/vatNumber";
import {
  mergeScreening, screeningChanges, suggestedCreditLimit, type BureauAnswer, type CreditRating, type ScreeningChange, type ScreeningProviders, type ScreeningState, type ViesAnswer,
} from "../../domain/screening/screening";
import { raiseAlert } from "../insight/alerts";
import { refreshRiskLevels, writeCreditLimit } from "./customerProfiles";
import { customerName } from "../../domain/customerNames";
import type { CustomerRow } from "../followUp/messageDelivery";
import { RefusalError } from "../../domain/refusals";

export class ScreeningError extends RefusalError {
  override name = "ScreeningError";
}

/** The providers a shop screens with: VIES always, Creditsafe when the shop has an account. */
export function screeningProvidersOf(shop: { creditsafeUsername: string | null; creditsafePassword: string | null }): ScreeningProviders {
  const password = openSecret(shop.creditsafePassword);
  return {
    vies: (vat) => checkVies(vat, { baseUrl: process.env.DUNLY_VIES_URL }),
    bureau: shop.creditsafeUsername && password
      ? creditsafeBureau({ username: shop.creditsafeUsername, password, baseUrl: process.env.DUNLY_CREDITSAFE_URL })
      : null,
  };
}

export interface ScreeningOutcome {
  state: ScreeningState;
  vies: ViesAnswer | null;
  bureau: BureauAnswer | null;
  changes: ScreeningChange[];
  /** whether VIES's registered name shares a word with the customer's; null when either is missing */
  nameAgrees: boolean | null;
}

export function screeningStateOf(c: CustomerRow): ScreeningState {
  return {
    vatNumber: c.vatNumber, vatStatus: c.vatStatus as ScreeningState["vatStatus"], vatCheckedAt: c.vatCheckedAt, vatRegisteredName: c.vatRegisteredName, vatRegisteredAddress: c.vatRegisteredAddress,
    bureauStatus: c.bureauStatus as ScreeningState["bureauStatus"], bureauSource: c.bureauSource, bureauCompanyId: c.bureauCompanyId, bureauCompanyName: c.bureauCompanyName,
    bureauScore: c.bureauScore, bureauRating: c.bureauRating as CreditRating | null,
    bureauLimitMinor: c.bureauLimitMinor === null ? null : Number(c.bureauLimitMinor), bureauLimitCurrency: c.bureauLimitCurrency, bureauCheckedAt: c.bureauCheckedAt,
  };
}

function vatOf(text: string): VatNumber {
  try {
    return parseVatNumber(text);
  } catch (error) {
    if (error instanceof VatNumberError) throw new ScreeningError(error.message);
    throw error;
  }
}

/**
 * Screens one customer of the shop. `vatText` is what staff typed (a new or corrected VAT number);
 * without it the number on file is checked again. Alerts for changes for the worse, once each.
 */
export async function screenCustomer(
  db: Db, shop: { id: string; screeningScoreDrop: number }, customerId: string, providers: ScreeningProviders, now: Date, vatText?: string,
): Promise<ScreeningOutcome> {
  const outcome = await recordScreening(db, shop, customerId, providers, now, vatText);
  // the screening feeds the risk level at once, so segments that use it move the customer now
  await refreshRiskLevels(db, shop.id, [customerId], now);
  return outcome;
}

/** A screening stored with its alerts, the risk level not yet refreshed (a pass refreshes its customers' levels together). */
export async function recordScreening(
  db: Db, shop: { id: string; screeningScoreDrop: number }, customerId: string, providers: ScreeningProviders, now: Date, vatText?: string,
): Promise<ScreeningOutcome> {
  const customer = await db.customer.findFirst({ where: { id: customerId, shopId: shop.id, redactedAt: null } });
  if (!customer) throw new ScreeningError("no such customer in this shop", { code: "unknown_customer" });
  const vat = vatText !== undefined && vatText.trim() ? vatOf(vatText) : customer.vatNumber ? vatOf(customer.vatNumber) : null;
  const vatNumber = vat ? `${vat.countryCode}${vat.number}` : null;
  // VIES writes Greece EL; a bureau wants the ISO country
  const countryCode = vat ? (vat.countryCode === "EL" ? "GR" : vat.countryCode) : customer.countryCode;
  const [vies, bureau] = await Promise.all([
    vat ? providers.vies(vat) : null,
    providers.bureau && customer.company && countryCode
      ? providers.bureau.check({ companyId: vatNumber === customer.vatNumber ? customer.bureauCompanyId : null, countryCode, vatNumber, name: customer.company, postCode: customer.zip })
      : null,
  ]);
  const before = screeningStateOf(customer);
  const state = mergeScreening(before, vatNumber, vies, bureau && providers.bureau ? { source: providers.bureau.source, answer: bureau } : null, now);
  await db.customer.update({
    where: { id: customer.id },
    data: { ...state, bureauLimitMinor: state.bureauLimitMinor === null ? null : BigInt(state.bureauLimitMinor), screenedAt: now },
  });
  const changes = screeningChanges(before, state, shop.screeningScoreDrop);
  const name = customerName(customer);
  for (const change of changes) {
    await raiseAlert(db, {
      shopId: shop.id, customerId: customer.id, key: alertKeyOf(change, customer.id),
      words: { text: "screening", name: customerName(customer, "") || null, source: providers.bureau?.source ?? null, ...change },
    }, now);
  }
  return {
    state, vies, bureau, changes,
    nameAgrees: vies?.status === "valid" ? namesAgree(vies.name, name) : null,
  };
}

/** Staff's "screen now" on the customer page, with the shop's own providers. */
export async function screenOnDemand(db: Db, shopId: string, customerId: string, now: Date, vatText: string): Promise<ScreeningOutcome> {
  const shop = await db.shop.findUniqueOrThrow({ where: { id: shopId } });
  return screenCustomer(db, shop, customerId, screeningProvidersOf(shop), now, vatText);
}

/** The same change never alerts twice. */
function alertKeyOf(change: ScreeningChange, customerId: string): string {
  switch (change.kind) {
    case "vat_invalid":
      return `screening:vat_invalid:${customerId}:${change.vatNumber}`;
    case "score_dropped":
      return `screening:score:${customerId}:${change.from}->${change.to}`;
    case "limit_lowered":
      return `screening:limit:${customerId}:${change.fromMinor}->${change.toMinor}`;
    case "bureau_rating_high_risk":
      return `screening:rating:${customerId}:${change.rating}`;
  }
}

/** Staff take the bureau's advised limit as the customer's credit limit (only in the shop's currency). */
export async function useAdvisedLimit(db: Db, shop: { id: string; currency: string }, customerId: string, now: Date): Promise<number> {
  const customer = await db.customer.findFirst({ where: { id: customerId, shopId: shop.id, redactedAt: null } });
  if (!customer) throw new ScreeningError("no such customer in this shop", { code: "unknown_customer" });
  const limit = suggestedCreditLimit(screeningStateOf(customer), shop.currency);
  if (limit === null) throw new ScreeningError(`there is no advised limit in ${shop.currency} for this customer`, { code: "no_advised_limit", currency: shop.currency });
  await writeCreditLimit(db, shop.id, customer.id, limit, now);
  return limit;
}
