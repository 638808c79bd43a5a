/**
 * The worker's screening passes: business customers at their first sale on credit (their VAT
 * number taken from Shopify B2B when none is on file), then the screened ones again on the shop's
 * schedule (monitoring). On its own timer in the worker, so no provider holds up anything else.
 */
import type { Db } from "../../db/client";
import { DAY_MS } from "../../domain/time";
import { parseVatNumber, VatNumberError } from "../../domain/screening/vatNumber";
import type { ScreeningProviders } from "../../domain/screening/screening";
import { companyVatOfOrder } from "../../adapters/shopify/companyVat";
import type { AdminLookup } from "../followUp/shopifyRecheck";
import { recordScreening, screeningProvidersOf, ScreeningError } from "./screening";
import { refreshRiskLevels } from "./customerProfiles";

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
  let failed = 0;
  const screenedIds: string[] = [];
  try {
    for (const { id } of [...fresh, ...due]) {
      try {
        await recordScreening(db, shop, id, providers, now);
        screenedIds.push(id);
      } catch (error) {
        // a VAT number on file that no longer parses: marked screened, so it is not tried every pass
        if (!(error instanceof ScreeningError)) throw error;
        await db.customer.update({ where: { id }, data: { screenedAt: now } });
        failed += 1;
      }
    }
  } finally {
    // the screenings feed the risk level: one refresh for the pass's customers, so segments that use it move them now
    if (screenedIds.length) await refreshRiskLevels(db, shop.id, screenedIds, now);
  }
  return { screened: screenedIds.length, failed };
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
