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
import { DAY_MS } from "../../domain/time";
import { formatMoney, type CurrencyCode } from "../../domain/money";
import { parseVatNumber, VatNumberError, namesAgree, type VatNumber } from "../../domain/screening/vatNumber";
import {
  mergeScreening, screeningChanges, suggestedCreditLimit, type BureauAnswer, type CreditRating, type ScreeningChange, type ScreeningProviders, type ScreeningState, type ViesAnswer,
} from "../../domain/screening/screening";
import { raiseAlert } from "../insight/alerts";
import { companyVatOfOrder } from "../../adapters/shopify/companyVat";
import type { AdminLookup } from "../followUp/shopifyRecheck";
import { customerName, refreshRiskLevels } from "./customerProfiles";

export class ScreeningError extends Error {
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

type CustomerRow = NonNullable<Awaited<ReturnType<Db["customer"]["findFirst"]>>>;

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
  const customer = await db.customer.findFirst({ where: { id: customerId, shopId: shop.id, redactedAt: null } });
  if (!customer) throw new ScreeningError("no such customer in this shop");
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
    await raiseAlert(db, { shopId: shop.id, kind: "screening", customerId: customer.id, ...alertOf(change, customer.id, name, providers.bureau?.source ?? "the credit bureau") }, now);
  }
  // the screening feeds the risk level at once, so segments that use it move the customer now
  await refreshRiskLevels(db, shop.id, [customer.id], now);
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

/** The alert's text and its key: the same change never alerts twice. */
function alertOf(change: ScreeningChange, customerId: string, name: string, source: string): { key: string; message: string } {
  switch (change.kind) {
    case "vat_invalid":
      return {
        key: `screening:vat_invalid:${customerId}:${change.vatNumber}`,
        message: change.wasValid ? `${name}'s VAT number ${change.vatNumber} is no longer registered in VIES` : `${name}'s VAT number ${change.vatNumber} is not registered in VIES`,
      };
    case "score_dropped":
      return { key: `screening:score:${customerId}:${change.from}->${change.to}`, message: `${name}'s credit score at ${source} dropped from ${change.from} to ${change.to}` };
    case "limit_lowered": {
      const currency = change.currency as CurrencyCode;
      return {
        key: `screening:limit:${customerId}:${change.fromMinor}->${change.toMinor}`,
        message: `${source} lowered its advised credit limit for ${name} from ${formatMoney(change.fromMinor, currency)} to ${formatMoney(change.toMinor, currency)}`,
      };
    }
    case "bureau_rating_high_risk":
      return { key: `screening:rating:${customerId}:${change.rating}`, message: `${source} rates ${name} ${change.rating}: high risk` };
  }
}

/** Staff take the bureau's advised limit as the customer's credit limit (only in the shop's currency). */
export async function useAdvisedLimit(db: Db, shop: { id: string; currency: string }, customerId: string, now: Date): Promise<number> {
  const customer = await db.customer.findFirst({ where: { id: customerId, shopId: shop.id, redactedAt: null } });
  if (!customer) throw new ScreeningError("no such customer in this shop");
  const limit = suggestedCreditLimit(screeningStateOf(customer), shop.currency);
  if (limit === null) throw new ScreeningError(`there is no advised limit in ${shop.currency} for this customer`);
  await db.customer.update({ where: { id: customer.id }, data: { creditLimitMinor: BigInt(limit) } });
  await refreshRiskLevels(db, shop.id, [customer.id], now);
  return limit;
}

/** The VAT number Shopify B2B keeps on the company location of an order, if any. */
export type ShopifyVatLookup = (orderGid: string) => Promise<string | null>;

/** A business customer without a VAT number on file takes the one Shopify B2B has for their newest sale on credit, if it is one. */
async function vatNumberFromShopify(db: Db, shopId: string, customerId: string, lookup: ShopifyVatLookup): Promise<void> {
  const newest = await db.receivable.findFirst({ where: { shopId, customerId, creditSale: true }, orderBy: { issuedAt: "desc" }, select: { orderGid: true } });
  const found = newest ? await lookup(newest.orderGid) : null;
  if (!found) return;
  try {
    const vat = parseVatNumber(found);
    await db.customer.update({ where: { id: customerId }, data: { vatNumber: `${vat.countryCode}${vat.number}` } });
  } catch (error) {
    // a tax id that is no EU VAT number (a US EIN, say) is not VIES's to check
    if (!(error instanceof VatNumberError)) throw error;
  }
}

/** How many customers one pass screens per shop: providers are paid per check and rate-limited. */
const PER_PASS = 20;

/**
 * One pass for a shop: business customers with a sale on credit never screened (their first credit
 * sale), then screened customers whose last screening is older than the shop's interval.
 */
export async function runScreening(
  db: Db, shop: { id: string; screeningIntervalDays: number; screeningScoreDrop: number }, providers: ScreeningProviders, now: Date, vatFromShopify?: ShopifyVatLookup,
): Promise<{ screened: number; failed: number }> {
  const fresh = await db.customer.findMany({
    where: { shopId: shop.id, redactedAt: null, screenedAt: null, company: { not: null }, receivables: { some: { creditSale: true } } },
    select: { id: true, vatNumber: true }, orderBy: { id: "asc" }, take: PER_PASS,
  });
  if (vatFromShopify) for (const c of fresh) if (!c.vatNumber) await vatNumberFromShopify(db, shop.id, c.id, vatFromShopify);
  const due = shop.screeningIntervalDays > 0 && fresh.length < PER_PASS
    ? await db.customer.findMany({
      where: { shopId: shop.id, redactedAt: null, screenedAt: { lt: new Date(now.getTime() - shop.screeningIntervalDays * DAY_MS) } },
      select: { id: true }, orderBy: { screenedAt: "asc" }, take: PER_PASS - fresh.length,
    })
    : [];
  let screened = 0;
  let failed = 0;
  for (const { id } of [...fresh, ...due]) {
    try {
      await screenCustomer(db, shop, id, providers, now);
      screened += 1;
    } catch (error) {
      // a VAT number on file that no longer parses: marked screened, so it is not tried every pass
      if (!(error instanceof ScreeningError)) throw error;
      await db.customer.update({ where: { id }, data: { screenedAt: now } });
      failed += 1;
    }
  }
  return { screened, failed };
}

/** The worker's pass over every installed shop (the demo shop is screened by its own history). */
export async function screenAllShops(db: Db, now: Date, adminOf: AdminLookup): Promise<number> {
  let screened = 0;
  const shops = await db.shop.findMany({
    where: { isDemo: false, uninstalledAt: null },
    select: { id: true, domain: true, isDemo: true, screeningIntervalDays: true, screeningScoreDrop: true, creditsafeUsername: true, creditsafePassword: true },
  });
  for (const shop of shops) {
    try {
      // Shopify is asked only when a new business customer has no VAT number on file
      let admin: ReturnType<AdminLookup> | null = null;
      const vatFromShopify: ShopifyVatLookup = async (orderGid) => {
        const client = await (admin ??= adminOf(shop));
        return client ? companyVatOfOrder(client, orderGid) : null;
      };
      screened += (await runScreening(db, shop, screeningProvidersOf(shop), now, vatFromShopify)).screened;
    } catch (error) {
      console.error(`screening ${shop.domain}:`, error);
    }
  }
  return screened;
}
