/**
 * Screening with a credit bureau over HTTP, against a local server in Creditsafe Connect's wire
 * format (authenticate, company search, credit report), and monitoring: a business customer's
 * first credit sale screens them once, the shop's schedule screens them again, a change for the
 * worse alerts once and moves the customer by the segment rules; a provider that is down changes nothing.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { createDb, type Db } from "../../app/db/client";
import { creditsafeBureau, forgetCreditsafeTokens } from "../../app/adapters/screening/creditsafe";
import { checkVies } from "../../app/adapters/screening/vies";
import { screenCustomer, useAdvisedLimit } from "../../app/services/customers/screening";
import { runScreening } from "../../app/services/customers/screeningPasses";
import { runSchedulerTick } from "../../app/services/followUp/runScheduler";
import { outboxMailer } from "../../app/adapters/email/mailer";
import { applyOrderSnapshot } from "../../app/services/ledger/ledgerStore";
import { asCurrency } from "../../app/domain/money";
import { DEFAULT_FLOW, type FlowStep } from "../../app/domain/flows";
import type { ScreeningProviders } from "../../app/domain/screening/screening";
import { freshDatabaseUrl } from "../support/appServer";
import { CREDITSAFE_USER, startFakeCreditsafe, type FakeCreditsafe } from "../support/fakeCreditsafe";
import { startFakeVies } from "../support/fakeVies";
import { startFakeShopifyAdmin } from "../support/fakeShopifyAdmin";
import { createAdminClient } from "../../app/adapters/shopify/graphql/client";
import { companyVatOfOrder } from "../../app/adapters/shopify/companyVat";

const DAY = 86_400_000;
const now = new Date("2026-12-07T09:00:00Z");
let db: Db;
let bureau: FakeCreditsafe;
let vies: Awaited<ReturnType<typeof startFakeVies>>;

const account = (over: { password?: string; timeoutMs?: number } = {}) => creditsafeBureau({ ...CREDITSAFE_USER, baseUrl: bureau.url, ...over });
const providers = (): ScreeningProviders => ({ vies: (vat) => checkVies(vat, { baseUrl: vies.url }), bureau: account() });

beforeAll(async () => {
  db = createDb(freshDatabaseUrl("credit-screening", inject("databaseKind")));
  bureau = await startFakeCreditsafe();
  vies = await startFakeVies({
    NL810462215B01: { kind: "valid", name: "FIETSENHUIS DE VRIES B.V.", address: "HOOFDSTRAAT 00001\n1011AA AMSTERDAM" },
    BE0123456749: { kind: "valid", name: "VELO SERVICE BRUSSEL", address: "RUE NEUVE 1, 1000 BRUXELLES" },
  });
});
afterAll(async () => {
  await bureau.close();
  await vies.close();
  await db.$disconnect();
});
beforeEach(() => {
  bureau.behaviour = {};
  forgetCreditsafeTokens();
});

const byVat = { companyId: null, countryCode: "NL", vatNumber: "NL810462215B01", name: "Fietsenhuis de Vries", postCode: "1011AA" };

describe("Creditsafe Connect over HTTP", () => {
  it("finds the company by VAT number and reads score, rating and advised limit from its report; the token is reused", async () => {
    const creditsafe = account();
    expect(await creditsafe.check(byVat)).toEqual({
      status: "found", companyId: "NL-X-810462210000", companyName: "FIETSENHUIS DE VRIES B.V.", score: 78, rating: "A", limitAdvice: { minor: 2_500_000, currency: "EUR" },
    });
    const asked = bureau.requests.length;
    expect(await creditsafe.check({ ...byVat, companyId: "BE-X-0123456749", countryCode: "BE" })).toMatchObject({ score: 45, rating: "C", limitAdvice: { minor: 400_000, currency: "EUR" } });
    expect(bureau.requests.slice(asked)).toEqual(["GET /v1/companies/BE-X-0123456749?language=en"]);
    expect(bureau.requests.filter((r) => r === "POST /v1/authenticate")).toHaveLength(1);
    expect(bureau.requests).toContain("GET /v1/companies?countries=NL&pageSize=10&vatNo=NL810462215B01");
  });

  it("without a VAT number it searches by name and post code in the country, trusting a hit only when the names agree", async () => {
    expect(await account().check({ ...byVat, vatNumber: null })).toMatchObject({ status: "found", companyId: "NL-X-810462210000" });
    expect(await account().check({ ...byVat, vatNumber: null, name: "Fietsenhuis Jansen" })).toMatchObject({ status: "found" });
    expect(await account().check({ ...byVat, vatNumber: null, name: "Bakkerij Pieters" })).toEqual({ status: "not_found" });
  });

  it("a company it does not know, or a kept id that is gone, is not found", async () => {
    expect(await account().check({ ...byVat, vatNumber: "NL999999999B01" })).toEqual({ status: "not_found" });
    expect(await account().check({ ...byVat, companyId: "NL-X-gone", vatNumber: "NL999999999B01" })).toEqual({ status: "not_found" });
    // the kept id is gone but the VAT number still finds the company under its new id
    expect(await account().check({ ...byVat, companyId: "NL-X-gone" })).toMatchObject({ status: "found", companyId: "NL-X-810462210000" });
  });

  it("a token that expired early is renewed once", async () => {
    const creditsafe = account();
    await creditsafe.check(byVat);
    bureau.behaviour = { tokenUses: 0 };
    expect(await creditsafe.check(byVat)).toMatchObject({ status: "unknown", reason: "Creditsafe answered HTTP 401: Token is expired or invalid" });
    bureau.behaviour = { tokenUses: 2 };
    forgetCreditsafeTokens();
    expect(await creditsafe.check(byVat)).toMatchObject({ status: "found" });
    expect(bureau.requests.filter((r) => r === "POST /v1/authenticate").length).toBeGreaterThanOrEqual(3);
  });

  it("a refused account, 429, no answer in time or a broken body: unknown with the reason, never a verdict", async () => {
    expect(await account({ password: "wrong" }).check(byVat)).toEqual({ status: "unknown", reason: "Creditsafe refused the account's username or password" });
    bureau.behaviour = { rateLimited: true };
    expect(await account().check(byVat)).toEqual({ status: "unknown", reason: "Creditsafe: too many requests, try later" });
    bureau.behaviour = { slowMs: 2_000 };
    expect(await account({ timeoutMs: 300 }).check(byVat)).toEqual({ status: "unknown", reason: "Creditsafe did not answer in time" });
    bureau.behaviour = {};
    const creditsafe = account();
    await creditsafe.check(byVat);
    bureau.behaviour = { malformed: true };
    expect(await creditsafe.check(byVat)).toEqual({ status: "unknown", reason: "Creditsafe answered something that is not JSON" });
  });
});

describe("screening and monitoring customers", () => {
  let shop: Awaited<ReturnType<Db["shop"]["create"]>>;
  let n = 0;
  const customer = async (data: { company?: string; vatNumber?: string; countryCode?: string; zip?: string }, creditSale: boolean) => {
    n += 1;
    const c = await db.customer.create({ data: { shopId: shop.id, gid: `gid://shopify/Customer/${n}`, email: `c${n}@example.nl`, ...data } });
    const orderGid = `gid://shopify/Order/${n}`;
    await applyOrderSnapshot(db, shop, {
      orderGid, orderName: `#C${n}`, currency: asCurrency("EUR"), issuedAt: new Date(now.getTime() - 10 * DAY), updatedAt: new Date(now.getTime() - DAY),
      totalMinor: 50_000, outstandingMinor: 50_000, financialStatus: "pending", cancelledAt: null, customerGid: null, paymentTerms: null, paymentUrl: null, test: false,
    });
    await db.receivable.update({ where: { shopId_orderGid: { shopId: shop.id, orderGid } }, data: { customerId: c.id, creditSale } });
    return c;
  };

  beforeAll(async () => {
    shop = await db.shop.create({ data: { domain: "dunly-credit-screening.myshopify.com", name: "Screening", currency: "EUR", installedAt: now, screeningIntervalDays: 30, screeningScoreDrop: 10 } });
    const weak: FlowStep[] = [{ key: "call_first", offsetDays: 1, channel: "task", purpose: "reminder", tone: "firm", chargesFee: false }];
    await db.segment.createMany({ data: [
      { shopId: shop.id, name: "Weak credit", position: 1, conditions: JSON.stringify([{ field: "creditScore", max: 40 }]), steps: JSON.stringify(weak) },
      { shopId: shop.id, name: "Default", position: 2, isDefault: true, steps: JSON.stringify(DEFAULT_FLOW) },
    ] });
  });

  it("a business customer's first credit sale screens them once, in VIES and at the bureau; consumers and cash sales are not screened", async () => {
    const firm = await customer({ company: "Fietsenhuis de Vries", vatNumber: "NL810462215B01", countryCode: "NL", zip: "1011AA" }, true);
    const consumer = await customer({ countryCode: "NL" }, true);
    const paidUpFront = await customer({ company: "Velo Service Brussel", countryCode: "BE" }, false);
    expect(await runScreening(db, shop, providers(), now)).toEqual({ screened: 1, failed: 0 });
    expect(await db.customer.findUniqueOrThrow({ where: { id: firm.id } })).toMatchObject({
      vatStatus: "valid", vatRegisteredName: "FIETSENHUIS DE VRIES B.V.", bureauStatus: "found", bureauSource: "Creditsafe", bureauCompanyId: "NL-X-810462210000",
      bureauScore: 78, bureauRating: "A", bureauLimitMinor: 2_500_000n, bureauLimitCurrency: "EUR", bureauCheckedAt: now, screenedAt: now, riskLevel: "low",
    });
    for (const other of [consumer, paidUpFront]) expect((await db.customer.findUniqueOrThrow({ where: { id: other.id } })).screenedAt).toBeNull();
    // screened: not again on the next pass, before the interval
    const asked = bureau.requests.length;
    expect(await runScreening(db, shop, providers(), new Date(now.getTime() + DAY))).toEqual({ screened: 0, failed: 0 });
    expect(bureau.requests.length).toBe(asked);
    // the advised limit becomes the customer's credit limit on staff's word
    expect(await useAdvisedLimit(db, shop, firm.id, now)).toBe(2_500_000);
    expect((await db.customer.findUniqueOrThrow({ where: { id: firm.id } })).creditLimitMinor).toBe(2_500_000n);
  });

  it("monitoring: a score drop and a lowered limit alert once, the risk rises and the segment rule moves the customer's orders", async () => {
    const firm = await customer({ company: "Velo Service Brussel", vatNumber: "BE0123456749", countryCode: "BE" }, true);
    await screenCustomer(db, shop, firm.id, providers(), now);
    await runSchedulerTick(db, { clock: () => now, mailer: outboxMailer });
    const segmentOfOrder = async () => (await db.segment.findUniqueOrThrow({ where: { id: (await db.receivable.findFirstOrThrow({ where: { shopId: shop.id, customerId: firm.id } })).segmentId! } })).name;
    expect(await segmentOfOrder()).toBe("Default");

    const company = bureau.companies.find((c) => c.vatNo === "BE0123456749")!;
    Object.assign(company, { score: 22, rating: "D", limit: { currency: "EUR", value: "1000" } });
    const month = new Date(now.getTime() + 31 * DAY);
    expect((await runScreening(db, shop, providers(), month)).screened).toBeGreaterThanOrEqual(1);
    const alerts = await db.alert.findMany({ where: { shopId: shop.id, customerId: firm.id, kind: "screening" }, orderBy: { key: "asc" } });
    expect(alerts.map((a) => a.message).sort()).toEqual([
      "Creditsafe lowered its advised credit limit for Velo Service Brussel from €4,000.00 to €1,000.00",
      "Velo Service Brussel's credit score at Creditsafe dropped from 45 to 22",
    ]);
    const after = await db.customer.findUniqueOrThrow({ where: { id: firm.id } });
    expect(after).toMatchObject({ bureauScore: 22, bureauRating: "D", riskLevel: "medium", screenedAt: month });
    expect(await db.alert.count({ where: { shopId: shop.id, customerId: firm.id, kind: "risk_rose" } })).toBe(1);

    // the same answers a month later: no new alerts
    const twoMonths = new Date(month.getTime() + 31 * DAY);
    await runScreening(db, shop, providers(), twoMonths);
    expect(await db.alert.count({ where: { shopId: shop.id, customerId: firm.id, kind: "screening" } })).toBe(2);

    await db.receivable.updateMany({ where: { shopId: shop.id, customerId: firm.id }, data: { nextActionAt: new Date(0) } });
    await runSchedulerTick(db, { clock: () => twoMonths, mailer: outboxMailer });
    expect(await segmentOfOrder()).toBe("Weak credit");
  });

  it("a VAT number deregistered in VIES alerts once and makes the customer high risk; VIES and the bureau down change nothing", async () => {
    const firm = await customer({ company: "Fietsenhuis de Vries", vatNumber: "NL810462215B01", countryCode: "NL" }, true);
    await screenCustomer(db, shop, firm.id, providers(), now);
    const known = await db.customer.findUniqueOrThrow({ where: { id: firm.id } });

    // both providers down: everything screened stays, no alert, the attempt is dated (the risk level follows the order now overdue)
    bureau.behaviour = { rateLimited: true };
    const down: ScreeningProviders = { vies: async () => ({ status: "unknown", reason: "VIES: MS_UNAVAILABLE" }), bureau: account() };
    const later = new Date(now.getTime() + 40 * DAY);
    const outcome = await screenCustomer(db, shop, firm.id, down, later);
    expect(outcome.changes).toEqual([]);
    const unchanged = await db.customer.findUniqueOrThrow({ where: { id: firm.id } });
    expect({ ...unchanged, screenedAt: null, updatedAt: null, riskLevel: null }).toEqual({ ...known, screenedAt: null, updatedAt: null, riskLevel: null });
    expect(unchanged.screenedAt).toEqual(later);

    bureau.behaviour = {};
    const deregistered: ScreeningProviders = { vies: async () => ({ status: "invalid" }), bureau: account() };
    await screenCustomer(db, shop, firm.id, deregistered, later);
    await screenCustomer(db, shop, firm.id, deregistered, new Date(later.getTime() + DAY));
    const alerts = await db.alert.findMany({ where: { shopId: shop.id, customerId: firm.id, kind: "screening" } });
    expect(alerts.map((a) => a.message)).toEqual(["Fietsenhuis de Vries's VAT number NL810462215B01 is no longer registered in VIES"]);
    expect((await db.customer.findUniqueOrThrow({ where: { id: firm.id } })).riskLevel).toBe("high");
  });

  it("a business customer without a VAT number on file takes the one Shopify B2B keeps for their company location", async () => {
    const shopifyAdmin = await startFakeShopifyAdmin();
    try {
      const firm = await customer({ company: "Fietsenhuis de Vries", countryCode: "NL" }, true);
      const consumerLike = await customer({ company: "Geen BTW", countryCode: "NL" }, true);
      const orderOf = async (id: string) => (await db.receivable.findFirstOrThrow({ where: { shopId: shop.id, customerId: id } })).orderGid;
      const [firmOrder, otherOrder] = [await orderOf(firm.id), await orderOf(consumerLike.id)];
      const node = (id: string) => ({ id, name: "#B2B", createdAt: now.toISOString(), processedAt: now.toISOString(), updatedAt: now.toISOString(), cancelledAt: null, test: false,
        displayFinancialStatus: "PENDING", customerLocale: "nl", statusPageUrl: null, paymentCollectionDetails: null, paymentTerms: null, customer: null,
        currentTotalPriceSet: { shopMoney: { amount: "500.00", currencyCode: "EUR" } }, totalOutstandingSet: { shopMoney: { amount: "500.00", currencyCode: "EUR" } } });
      await fetch(`${shopifyAdmin.origin}/__fake/state`, { method: "PUT", body: JSON.stringify({
        accessToken: "shpat_b2b", shop: { name: "B2B", currencyCode: "EUR", myshopifyDomain: "b2b.myshopify.com" }, orders: [node(firmOrder), node(otherOrder)],
        orderCompanies: { [firmOrder]: { company: "Fietsenhuis de Vries", taxRegistrationId: "NL 810462215 B01" }, [otherOrder]: { company: "Geen BTW", taxRegistrationId: null } },
      }) });
      const admin = createAdminClient({ shop: "b2b.myshopify.com", accessToken: "shpat_b2b", apiVersion: "2025-10", origin: shopifyAdmin.origin });
      await runScreening(db, shop, providers(), now, (orderGid) => companyVatOfOrder(admin, orderGid));
      expect(await db.customer.findUniqueOrThrow({ where: { id: firm.id } })).toMatchObject({ vatNumber: "NL810462215B01", vatStatus: "valid", bureauScore: 78 });
      // no number in Shopify: the bureau is asked by name, VIES not at all
      expect(await db.customer.findUniqueOrThrow({ where: { id: consumerLike.id } })).toMatchObject({ vatNumber: null, vatStatus: null, bureauStatus: "not_found" });
      expect(shopifyAdmin.requests.filter((r) => r.operation === "DunlyOrderCompanyVat").map((r) => r.variables.id).sort()).toEqual([firmOrder, otherOrder].sort());
    } finally {
      await shopifyAdmin.close();
    }
  });

  it("a VAT number on file that no longer parses is passed over, not retried every pass", async () => {
    const firm = await customer({ company: "Oude Fiets", vatNumber: "XX123", countryCode: "NL" }, true);
    const result = await runScreening(db, shop, providers(), now);
    expect(result.failed).toBe(1);
    expect((await db.customer.findUniqueOrThrow({ where: { id: firm.id } })).screenedAt).toEqual(now);
  });
});
