/**
 * Instalments that collect the instalment: with the shop's Mollie key, the customer page starts a
 * Mollie payment (through @mollie/api-client, against a local server speaking Mollie's API) for
 * exactly the next instalment; Mollie's webhook is answered by reading the payment back; paid is
 * recorded once, on the ledger and as a manual payment on the Shopify order, and the arrangement
 * moves on. Without Mollie the instalment is paid by transfer with its own reference, which the
 * bank matching recognises.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDb, type Db } from "../../app/db/client";
import { signCustomerLink } from "../../app/services/customers/customerLinks";
import { runArrangementTick } from "../../app/services/arrangements/arrangements";
import { outboxMailer } from "../../app/adapters/email/mailer";
import { writeCamt053 } from "../../app/adapters/bank/camt053Writer";
import { ibanWithCheckDigits, instalmentPaymentReference } from "../../app/domain/paymentReference";
import type { OrderNode } from "../../app/adapters/shopify/graphql/orders";
import type { FakeMolliePayment } from "../support/fakeMollie";
import { adminPage, adminPost, adminUpload } from "../support/adminRequest";
import { deliver } from "../support/webhooks";
import { newOrderId, orderPayload } from "../support/orders";
import { installShop } from "../support/testShop";
import { TEST_API_SECRET } from "../support/appServer";

const baseUrl = inject("baseUrl");
const adminOrigin = inject("adminOrigin");
const mollieOrigin = inject("mollieOrigin");
const DOMAIN = "dunly-mollie.myshopify.com";
const KEY = "test_dunlyFakeMollieKey0123456789ab";
const DAY = 86_400_000;
let db: Db;
let shopId: string;
let token: string;

beforeAll(async () => {
  db = createDb(inject("databaseUrl"));
  ({ shop: { id: shopId }, accessToken: token } = await installShop(db, DOMAIN));
  await fetch(`${mollieOrigin}/__fake/keys`, { method: "PUT", body: JSON.stringify([KEY]) });
});
afterAll(async () => {
  await db.$disconnect();
});

async function orderInArrangement(domain: string, shop: string, customerId: string) {
  const id = newOrderId();
  const issued = new Date(Date.now() - 20 * DAY);
  await deliver(db, baseUrl, "orders/create", orderPayload({ id, total: "120.00", outstanding: "120.00", financialStatus: "pending", createdAt: issued, updatedAt: issued, customerId }), { shop: domain });
  const receivable = await db.receivable.findUniqueOrThrow({ where: { shopId_orderGid: { shopId: shop, orderGid: `gid://shopify/Order/${id}` } } });
  const firstDueAt = new Date(Date.now() + 7 * DAY).toISOString().slice(0, 10);
  const made = await adminPost(baseUrl, domain, "/app/arrangements?_data=routes%2Fapp.arrangements", { intent: "create", order: receivable.orderName, instalments: "3", intervalDays: "30", firstDueAt });
  expect(made.status).toBe(200);
  const link = `${baseUrl}/c/${signCustomerLink({ shopId: shop, customerId: receivable.customerId!, receivableId: receivable.id, expiresAt: new Date(Date.now() + 7 * DAY) }, TEST_API_SECRET)}`;
  return { id, receivable, link };
}

function orderNode(gid: string, name: string, outstanding: string): OrderNode {
  const issued = new Date(Date.now() - 20 * DAY).toISOString();
  return {
    id: gid, name, createdAt: issued, processedAt: issued, updatedAt: issued, cancelledAt: null, test: false, displayFinancialStatus: "PENDING",
    customerLocale: "en", statusPageUrl: null, paymentCollectionDetails: null, currentTotalPriceSet: { shopMoney: { amount: "120.00", currencyCode: "EUR" } },
    totalOutstandingSet: { shopMoney: { amount: outstanding, currencyCode: "EUR" } }, paymentTerms: null, customer: null,
  };
}

const payments = async () => (await (await fetch(`${mollieOrigin}/__fake/payments`)).json()) as FakeMolliePayment[];
const payInstalment = (link: string, receivableId: string) => fetch(link, {
  method: "POST", redirect: "manual", body: new URLSearchParams({ intent: "pay_instalment", receivableId }),
  headers: { "Content-Type": "application/x-www-form-urlencoded" },
});

describe("instalments through Mollie", () => {
  it("the Mollie key is checked, kept out of the page, and shown as connected", async () => {
    const bad = await adminPost(baseUrl, DOMAIN, "/app/settings?_data=routes%2Fapp.settings", { intent: "mollie", mollieApiKey: "sk_live_stripe_style" });
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors.mollieApiKey).toEqual({ code: "mollie_key" });
    expect((await adminPost(baseUrl, DOMAIN, "/app/settings?_data=routes%2Fapp.settings", { intent: "mollie", mollieApiKey: KEY })).status).toBe(200);
    const page = await (await adminPage(baseUrl, DOMAIN, "/app/settings")).text();
    expect(page).toContain("Mollie is connected (test mode)");
    expect(page).not.toContain(KEY);
    // and not in the database either: sealed at rest, opened when Mollie is called (the tests below)
    expect((await db.shop.findUniqueOrThrow({ where: { id: shopId } })).mollieApiKey).not.toContain(KEY);
  });

  it("pays exactly the next instalment; Mollie's webhook records it once, on the ledger and in Shopify; the arrangement moves on", async () => {
    const { receivable, link } = await orderInArrangement(DOMAIN, shopId, "840001");
    await fetch(`${adminOrigin}/__fake/state`, { method: "PUT", body: JSON.stringify({ accessToken: token, shop: { name: "M", currencyCode: "EUR", myshopifyDomain: DOMAIN }, orders: [orderNode(receivable.orderGid, receivable.orderName, "120.00")] }) });
    const page = await (await fetch(link)).text();
    expect(page).toContain("Pay instalment 1 of 3: €40.00");

    const started = await payInstalment(link, receivable.id);
    expect(started.status).toBe(303);
    const [payment] = await payments();
    expect(started.headers.get("location")).toBe(payment._links.checkout.href);
    expect(payment).toMatchObject({ amount: { currency: "EUR", value: "40.00" }, status: "open", metadata: { shopId, receivableId: receivable.id, instalment: "1" } });
    expect(payment.webhookUrl).toMatch(new RegExp(`^http://localhost:\\d+/webhooks/mollie/${shopId}\\.[A-Za-z0-9_-]{43}$`));
    // a second click within minutes reuses the payment
    expect((await payInstalment(link, receivable.id)).headers.get("location")).toBe(payment._links.checkout.href);
    expect(await payments()).toHaveLength(1);

    const paid = await (await fetch(`${mollieOrigin}/__fake/pay/${payment.id}`, { method: "PUT" })).json();
    expect(paid).toMatchObject({ webhookStatus: 200 });
    expect(JSON.parse(paid.webhookBody)).toEqual({ ok: true, result: "paid" });
    expect(await db.receivable.findUniqueOrThrow({ where: { id: receivable.id } })).toMatchObject({ outstandingMinor: 8000n, status: "open" });
    expect(await db.providerPayment.findFirstOrThrow({ where: { providerPaymentId: payment.id } })).toMatchObject({ status: "paid" });
    expect(await db.paymentAllocation.findFirstOrThrow({ where: { source: "mollie", sourceId: payment.id } })).toMatchObject({ writeBackStatus: "done", amountMinor: 4000n });
    const requests = await (await fetch(`${adminOrigin}/__fake/requests`)).json() as { operation: string; variables: Record<string, any> }[];
    expect(requests.map((r) => r.operation)).toEqual(["DunlyOrdersPaymentState", "DunlyRecordManualPayment", "DunlyRecordPaymentReferences"]);
    expect(requests[1].variables).toMatchObject({ id: receivable.orderGid, amount: { amount: "40.00", currencyCode: "EUR" }, paymentMethodName: "Mollie" });

    // Mollie calls again (it does, until it hears 200; or someone replays the call): nothing more
    const again = await fetch(payment.webhookUrl, { method: "POST", body: new URLSearchParams({ id: payment.id }), headers: { "Content-Type": "application/x-www-form-urlencoded" } });
    expect(await again.json()).toEqual({ ok: true, result: "unchanged" });
    expect(await db.receivable.findUniqueOrThrow({ where: { id: receivable.id } })).toMatchObject({ outstandingMinor: 8000n });
    expect(await db.paymentAllocation.count({ where: { source: "mollie", sourceId: payment.id } })).toBe(1);

    // the arrangement counts it: the next instalment is the second
    expect((await runArrangementTick(db, { mailer: outboxMailer, appUrl: baseUrl, secret: TEST_API_SECRET }, new Date())).broken).toBe(0);
    expect(await (await fetch(link)).text()).toContain("Pay instalment 2 of 3: €40.00");
  });

  it("refuses calls that are not Mollie's for this shop", async () => {
    const [payment] = await payments();
    const forged = payment.webhookUrl.replace(/.{4}$/, "AAAA");
    const post = (url: string, id: string) => fetch(url, { method: "POST", body: new URLSearchParams({ id }), headers: { "Content-Type": "application/x-www-form-urlencoded" } });
    expect((await post(forged, payment.id)).status).toBe(404);
    expect((await post(payment.webhookUrl, "tr_unknown123")).status).toBe(200);
    expect(await (await post(payment.webhookUrl, "tr_unknown123")).json()).toEqual({ ok: true, result: "not_ours" });
    expect((await post(payment.webhookUrl, "'; drop")).status).toBe(400);
  });

  it("without Mollie: transfer details with the instalment's own reference, which the bank matching puts on the order", async () => {
    const domain = "dunly-instalment-transfer.myshopify.com";
    const { shop } = await installShop(db, domain);
    const iban = ibanWithCheckDigits("NL", "RABO0123456789");
    await db.shop.update({ where: { id: shop.id }, data: { iban, accountHolder: "Fietsen & Zo" } });
    const { receivable, link } = await orderInArrangement(domain, shop.id, "840002");
    const reference = instalmentPaymentReference(receivable.orderName, 1, "rf")!;
    const page = await (await fetch(link)).text();
    expect(page).toContain(`Instalment 1 of 3: transfer €40.00 to ${iban} (Fietsen &amp; Zo) with reference ${reference}.`);
    expect(page).not.toContain("Pay instalment");
    expect((await payInstalment(link, receivable.id)).status).toBe(400);

    const statement = writeCamt053({
      statementId: "INST-1", accountIban: iban, currency: "EUR", createdAt: new Date(),
      entries: [{ ref: "I1", currency: "EUR", direction: "credit", bookedOn: new Date(), amountMinor: 4000, counterpartyName: "Klant", counterpartyIban: null, structuredReference: reference }],
    });
    const imported = await (await adminUpload(baseUrl, domain, "/app/bank?_data=routes%2Fapp.bank", { intent: "import" }, { statement: { name: "s.xml", content: statement } })).json();
    expect(imported.imported).toMatchObject({ matched: 1 });
    expect(await db.receivable.findUniqueOrThrow({ where: { id: receivable.id } })).toMatchObject({ outstandingMinor: 8000n });
    expect(await (await fetch(link)).text()).toContain("Instalment 2 of 3");
  });
});
