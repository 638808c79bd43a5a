/**
 * Screening through the admin over HTTP: the shop connects its Creditsafe account in Settings (the
 * password never comes back), staff screen a business customer from their page against the app's
 * own VIES and Creditsafe (local servers in their wire formats, test/support/serverSetup.ts), take
 * the bureau's advised limit, and an unregistered VAT number makes the customer high risk with an alert.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDb, type Db } from "../../app/db/client";
import { adminPage, adminPost } from "../support/adminRequest";
import { installShop } from "../support/testShop";
import { CREDITSAFE_USER } from "../support/fakeCreditsafe";

const baseUrl = inject("baseUrl");
const DOMAIN = "dunly-screening-screens.myshopify.com";
const SETTINGS = "/app/settings?_data=routes%2Fapp.settings";
let db: Db;
let shopId: string;

beforeAll(async () => {
  db = createDb(inject("databaseUrl"));
  ({ shop: { id: shopId } } = await installShop(db, DOMAIN));
});
afterAll(async () => {
  await db.$disconnect();
});

const pageOf = (id: string) => `/app/customers/${id}?_data=routes%2Fapp.customers_.%24id`;

describe("screening in the admin", () => {
  it("Settings keeps the Creditsafe account and the schedule; the password is never shown again; nonsense is refused", async () => {
    const bad = await adminPost(baseUrl, DOMAIN, SETTINGS, { intent: "screening", screeningIntervalDays: "-1", screeningScoreDrop: "10", creditsafeUsername: CREDITSAFE_USER.username });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ ok: false, errors: { screeningIntervalDays: { code: "whole_number", min: 0, max: 365 }, creditsafePassword: { code: "creditsafe_password" } } });
    // the settings page drawn after the refused post says what is wrong in the merchant's language
    const dutch = await adminPost(baseUrl, DOMAIN, "/app/settings?locale=nl", { intent: "screening", screeningIntervalDays: "-1", screeningScoreDrop: "10", creditsafeUsername: CREDITSAFE_USER.username });
    expect(await dutch.text()).toContain("een geheel getal van 0 tot 365");
    const saved = await adminPost(baseUrl, DOMAIN, SETTINGS, {
      intent: "screening", screeningIntervalDays: "14", screeningScoreDrop: "5", creditsafeUsername: CREDITSAFE_USER.username, creditsafePassword: CREDITSAFE_USER.password,
    });
    expect(saved.status).toBe(200);
    expect(await db.shop.findUniqueOrThrow({ where: { id: shopId } })).toMatchObject({ screeningIntervalDays: 14, screeningScoreDrop: 5, creditsafeUsername: CREDITSAFE_USER.username });
    const html = await (await adminPage(baseUrl, DOMAIN, "/app/settings")).text();
    expect(html).toContain(`Creditsafe: connected as ${CREDITSAFE_USER.username}`);
    expect(html).not.toContain(CREDITSAFE_USER.password);
    // saving the schedule alone keeps the account
    expect((await adminPost(baseUrl, DOMAIN, SETTINGS, { intent: "screening", screeningIntervalDays: "30", screeningScoreDrop: "5" })).status).toBe(200);
    // kept sealed: the database alone does not give the password away (the screening below opens it)
    const stored = (await db.shop.findUniqueOrThrow({ where: { id: shopId } })).creditsafePassword!;
    expect(stored).toMatch(/^sealed:v1:/);
    expect(stored).not.toContain(CREDITSAFE_USER.password);
  });

  it("screen now: VIES and Creditsafe on the customer page, the registered name and address compared, the advised limit to take over", async () => {
    const customer = await db.customer.create({ data: { shopId, gid: "gid://shopify/Customer/7001", company: "Fietsenhuis de Vries", email: "ap@fietsenhuis.example", countryCode: "NL", zip: "3511 AB", city: "Utrecht" } });
    const screened = await adminPost(baseUrl, DOMAIN, pageOf(customer.id), { intent: "screen", vatNumber: "NL 8104.62.215 B01" });
    expect(screened.status).toBe(200);
    const html = await (await adminPage(baseUrl, DOMAIN, `/app/customers/${customer.id}`)).text();
    expect(html).toContain("Registered");
    expect(html).toContain("FIETSENHUIS DE VRIES B.V.");
    // VIES has the company in Amsterdam (1011 AA), the shop knows it in Utrecht: staff see it; the name is the customer's
    expect(html).toContain("The registered address is not this customer");
    expect(html).not.toContain("The registered name is not this customer");
    expect(html).toContain("Creditsafe: score 78 of 100, rating A");
    expect(html).toContain("Advised credit limit: €25,000.00 (Creditsafe)");
    expect((await adminPost(baseUrl, DOMAIN, pageOf(customer.id), { intent: "use_advised_limit" })).status).toBe(200);
    expect((await db.customer.findUniqueOrThrow({ where: { id: customer.id } })).creditLimitMinor).toBe(2_500_000n);
  });

  it("a VAT number VIES does not know: high risk with the reason, and one alert on the dashboard", async () => {
    const customer = await db.customer.create({ data: { shopId, gid: "gid://shopify/Customer/7002", company: "Velo Service Brussel", email: "ap@velo.example", countryCode: "BE" } });
    for (let i = 0; i < 2; i++) expect((await adminPost(baseUrl, DOMAIN, pageOf(customer.id), { intent: "screen", vatNumber: "BE0123456749" })).status).toBe(200);
    expect(await db.customer.findUniqueOrThrow({ where: { id: customer.id } })).toMatchObject({ vatStatus: "invalid", riskLevel: "high", bureauScore: 45 });
    const html = await (await adminPage(baseUrl, DOMAIN, `/app/customers/${customer.id}`)).text();
    expect(html).toContain("VAT number not registered (VIES)");
    expect(html).toContain("Not registered");
    // the reason in the merchant's language, on the customer page and in the list
    expect(await (await adminPage(baseUrl, DOMAIN, `/app/customers/${customer.id}?locale=nl`)).text()).toContain("btw-nummer niet geregistreerd (VIES)");
    expect(await (await adminPage(baseUrl, DOMAIN, "/app/customers?locale=de")).text()).toContain("USt-IdNr. nicht registriert (VIES)");
    expect(await db.alert.count({ where: { shopId, customerId: customer.id, kind: "screening" } })).toBe(1);
    // on the dashboard in the merchant's language; the digest keeps the English text
    expect(await (await adminPage(baseUrl, DOMAIN, "/app?locale=nl")).text()).toContain("Het btw-nummer BE0123456749 van Velo Service Brussel is niet geregistreerd in VIES");
    // staff last used the app in Dutch: the daily digest will be written so
    expect(await db.shop.findUniqueOrThrow({ where: { id: shopId } })).toMatchObject({ staffLocale: "nl" });
    expect(await db.alert.findFirstOrThrow({ where: { shopId, customerId: customer.id, kind: "screening" } })).toMatchObject({ message: "Velo Service Brussel's VAT number BE0123456749 is not registered in VIES" });
    // nothing advised in the shop's currency for this one? then taking it over is refused in words
    await db.customer.update({ where: { id: customer.id }, data: { bureauLimitCurrency: "GBP" } });
    const refused = await adminPost(baseUrl, DOMAIN, pageOf(customer.id), { intent: "use_advised_limit" });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({ ok: false, error: "there is no advised limit in EUR for this customer", refusal: { code: "no_advised_limit", currency: "EUR" } });
  });
});
