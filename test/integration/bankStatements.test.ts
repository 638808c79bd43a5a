/**
 * Money outside checkout, over HTTP against the running app: a CAMT.053 upload on the bank screen
 * is matched, sure matches are recorded on the Shopify orders through the Admin API (a local server
 * validating every document against the Admin schema), the ledger shows them paid at once, the
 * next run reminds nobody who paid, and the webhooks Shopify then sends agree without counting the
 * money twice. The review queue, refusals, malformed files and a second import of the same file.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDb, type Db } from "../../app/db/client";
import { writeCamt053, type CamtEntry } from "../../app/adapters/bank/camt053Writer";
import { ibanWithCheckDigits, orderPaymentReference } from "../../app/domain/paymentReference";
import { runSchedulerTick } from "../../app/services/followUp/runScheduler";
import { outboxMailer } from "../../app/adapters/email/mailer";
import type { OrderNode } from "../../app/adapters/shopify/graphql/orders";
import type { FakeAdminState, FakeTransaction } from "../support/fakeShopifyAdmin";
import { adminPage, adminPost, adminUpload } from "../support/adminRequest";
import { deliver } from "../support/webhooks";
import { newOrderId, orderPayload, transactionPayload } from "../support/orders";
import { installShop } from "../support/testShop";
import { MATCH_WHILE_WAITING } from "../../app/services/payments/statementImport";
import { writeBackPayments } from "../../app/services/payments/shopifyWriteBack";
import { createAdminClient } from "../../app/adapters/shopify/graphql/client";
import { API_VERSION } from "../../app/config.server";

const baseUrl = inject("baseUrl");
const adminOrigin = inject("adminOrigin");
const DOMAIN = "dunly-bank.myshopify.com";
const DAY = 86_400_000;
const BANK = "/app/bank?_data=routes%2Fapp.bank";
const SHOP_IBAN = ibanWithCheckDigits("NL", "RABO0123456789");
let db: Db;
let shopId: string;
let token: string;

beforeAll(async () => {
  db = createDb(inject("databaseUrl"));
  ({ shop: { id: shopId }, accessToken: token } = await installShop(db, DOMAIN));
});
afterAll(async () => {
  await db.$disconnect();
});

interface Order { id: string; gid: string; name: string; receivableId: string; amount: string; customerId: string }

async function overdueOrder(amount: string, customerId: string): Promise<Order> {
  const id = newOrderId();
  const issued = new Date(Date.now() - 40 * DAY);
  await deliver(db, baseUrl, "orders/create", orderPayload({ id, total: amount, outstanding: amount, financialStatus: "pending", createdAt: issued, updatedAt: issued, customerId }), { shop: DOMAIN });
  const receivable = await db.receivable.findUniqueOrThrow({ where: { shopId_orderGid: { shopId, orderGid: `gid://shopify/Order/${id}` } } });
  return { id, gid: receivable.orderGid, name: receivable.orderName, receivableId: receivable.id, amount, customerId };
}

async function lastNameOf(order: Order): Promise<string> {
  const { customer } = await db.receivable.findUniqueOrThrow({ where: { id: order.receivableId }, include: { customer: true } });
  return customer!.lastName!;
}

function orderNode(order: Order): OrderNode {
  const money = { shopMoney: { amount: order.amount, currencyCode: "EUR" } };
  const issued = new Date(Date.now() - 40 * DAY).toISOString();
  return {
    id: order.gid, name: order.name, createdAt: issued, processedAt: issued, updatedAt: issued, cancelledAt: null, test: false,
    displayFinancialStatus: "PENDING", customerLocale: "nl", statusPageUrl: null, paymentCollectionDetails: null,
    currentTotalPriceSet: money, totalOutstandingSet: money, paymentTerms: null, customer: null,
  };
}

async function setAdmin(orders: Order[], extra: Partial<FakeAdminState> = {}) {
  const state: FakeAdminState = { accessToken: token, shop: { name: "Bank", currencyCode: "EUR", myshopifyDomain: DOMAIN }, orders: orders.map(orderNode), ...extra };
  await fetch(`${adminOrigin}/__fake/state`, { method: "PUT", body: JSON.stringify(state) });
}
const adminState = async () => (await (await fetch(`${adminOrigin}/__fake/state`)).json()) as FakeAdminState;
const adminRequests = async () => (await (await fetch(`${adminOrigin}/__fake/requests`)).json()) as { operation: string; variables: Record<string, any> }[];

const payer = (n: number) => ibanWithCheckDigits("NL", `INGB${String(1_000_000 + n).padStart(10, "0")}`);
function statement(id: string, entries: Omit<CamtEntry, "currency" | "direction" | "bookedOn">[]): string {
  return writeCamt053({
    statementId: id, accountIban: SHOP_IBAN, currency: "EUR", createdAt: new Date(),
    entries: entries.map((e) => ({ currency: "EUR", direction: "credit", bookedOn: new Date(Date.now() - DAY), ...e })),
  });
}

const upload = (content: string, name = "statement.xml") => adminUpload(baseUrl, DOMAIN, BANK, { intent: "import" }, { statement: { name, content } });
const review = (fields: Record<string, string>) => adminPost(baseUrl, DOMAIN, BANK, fields);
const receivable = (id: string) => db.receivable.findUniqueOrThrow({ where: { id } });
const entryByRef = (ref: string) => db.bankEntry.findFirstOrThrow({ where: { shopId, entryKey: `${SHOP_IBAN.replace(/\s/g, "")}|${ref}` } });

describe("bank statement import", () => {
  let anna: Order;
  let bram1: Order;
  let bram2: Order;
  let file: string;

  it("matches, records on the Shopify orders, and the ledger shows them paid at once", async () => {
    anna = await overdueOrder("121.00", "810001");
    bram1 = await overdueOrder("59.95", "810002");
    bram2 = await overdueOrder("40.00", "810002");
    await setAdmin([anna, bram1, bram2]);
    file = statement("BANK-1", [
      { ref: "E1", amountMinor: 12100, counterpartyName: "A. de Vries", counterpartyIban: payer(1), structuredReference: orderPaymentReference(anna.name, "rf")! },
      { ref: "E2", amountMinor: 3000, counterpartyName: "B. Jansen", counterpartyIban: payer(2), remittance: `deel 1 ${orderPaymentReference(bram1.name, "rf")}` },
      { ref: "E3", amountMinor: 25000, counterpartyName: "Verhuur BV", counterpartyIban: payer(3), remittance: "borg" },
      { ref: "E4", amountMinor: 4000, counterpartyName: `Dhr. ${await lastNameOf(bram2)}`, counterpartyIban: payer(4), remittance: "betaling" },
    ]);
    const response = await upload(file);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ ok: true, imported: { statements: 1, entries: 4, alreadyImported: 0, matched: 2, review: 1, unmatched: 1, writeBack: { recorded: 2, refused: 0, waiting: 0 } } });

    // the ledger took the money: Anna's order is paid, Bram's first one owes the rest
    expect(await receivable(anna.receivableId)).toMatchObject({ status: "paid", outstandingMinor: 0n });
    expect(await receivable(bram1.receivableId)).toMatchObject({ status: "open", outstandingMinor: 2995n });

    // and Shopify was told: one read of the orders, then the mark-as-paid and the manual payment, in Shopify's format
    const requests = await adminRequests();
    expect(requests.map((r) => r.operation)).toEqual(["DunlyOrdersPaymentState", "DunlyMarkOrderPaid", "DunlyRecordManualPayment", "DunlyRecordPaymentReferences", "DunlyRecordPaymentReferences"]);
    expect(requests[1].variables).toEqual({ input: { id: anna.gid } });
    expect(requests[2].variables).toMatchObject({ id: bram1.gid, amount: { amount: "30.00", currencyCode: "EUR" }, paymentMethodName: "Bank transfer" });
    const state = await adminState();
    // Shopify's manual payments carry no reference: it is kept on the order as the app's metafield
    expect(JSON.parse(state.orderMetafields![bram1.gid].bank_payments)).toEqual([
      { amount: "30.00", currency: "EUR", source: "bank", date: new Date(Date.now() - DAY).toISOString().slice(0, 10), reference: "E2" },
    ]);
    expect(state.orders.find((o) => o.id === anna.gid)).toMatchObject({ displayFinancialStatus: "PAID", totalOutstandingSet: { shopMoney: { amount: "0.00" } } });
    expect(state.orders.find((o) => o.id === bram1.gid)).toMatchObject({ displayFinancialStatus: "PARTIALLY_PAID", totalOutstandingSet: { shopMoney: { amount: "29.95" } } });
    const allocations = await db.paymentAllocation.findMany({ where: { shopId }, orderBy: { amountMinor: "desc" } });
    expect(allocations.map((a) => [a.writeBackStatus, a.shopifyTransactionGid])).toEqual([
      ["done", state.transactions![anna.gid][0].id], ["done", state.transactions![bram1.gid][0].id],
    ]);

    // the unsure one holds Bram's reminders for a day and tells staff; the unknown one waits
    expect(await entryByRef("E4")).toMatchObject({ status: "review", confidence: 75, customerId: (await receivable(bram2.receivableId)).customerId });
    expect(await entryByRef("E3")).toMatchObject({ status: "unmatched", confidence: 0 });
    expect((await receivable(bram2.receivableId)).pausedUntil!.getTime()).toBeGreaterThan(Date.now() + DAY - 60_000);
    expect(await db.alert.count({ where: { shopId, kind: "bank_review" } })).toBe(1);
  });

  it("the next run reminds nobody who paid or whose transfer waits for review", async () => {
    const at = new Date();
    at.setUTCHours(10, 0, 0, 0);
    await runSchedulerTick(db, { clock: () => new Date(at.getTime() + 3_600_000), mailer: outboxMailer });
    const sent = await db.message.findMany({ where: { shopId, receivableId: { in: [anna.receivableId, bram1.receivableId, bram2.receivableId] } } });
    expect(sent).toEqual([]);
  });

  it("the webhooks Shopify sends after the write-back agree, without counting the money twice", async () => {
    const transactions = (await adminState()).transactions!;
    const txId = (t: FakeTransaction) => t.id.split("/").pop()!;
    const later = new Date();
    await deliver(db, baseUrl, "order_transactions/create", transactionPayload({ id: txId(transactions[anna.gid][0]), orderId: anna.id, amount: "121.00", at: later }), { shop: DOMAIN });
    await deliver(db, baseUrl, "order_transactions/create", transactionPayload({ id: txId(transactions[bram1.gid][0]), orderId: bram1.id, amount: "30.00", at: later }), { shop: DOMAIN });
    expect(await receivable(anna.receivableId)).toMatchObject({ status: "paid", outstandingMinor: 0n });
    expect(await receivable(bram1.receivableId)).toMatchObject({ status: "open", outstandingMinor: 2995n });
    const updated = later;
    const issued = new Date(Date.now() - 40 * DAY);
    await deliver(db, baseUrl, "orders/updated", orderPayload({ id: bram1.id, total: "59.95", outstanding: "29.95", financialStatus: "partially_paid", createdAt: issued, updatedAt: updated, customerId: "810002" }), { shop: DOMAIN });
    await deliver(db, baseUrl, "orders/updated", orderPayload({ id: anna.id, total: "121.00", outstanding: "0.00", financialStatus: "paid", createdAt: issued, updatedAt: updated, customerId: "810001" }), { shop: DOMAIN });
    expect(await receivable(anna.receivableId)).toMatchObject({ status: "paid", outstandingMinor: 0n });
    expect(await receivable(bram1.receivableId)).toMatchObject({ status: "open", outstandingMinor: 2995n });
  });

  it("importing the same statement again changes nothing", async () => {
    const before = { events: await db.ledgerEvent.count({ where: { shopId } }), allocations: await db.paymentAllocation.count({ where: { shopId } }) };
    await setAdmin([]);
    const body = await (await upload(file, "again.xml")).json();
    expect(body).toMatchObject({ ok: true, imported: { entries: 4, alreadyImported: 4, matched: 0, review: 0, unmatched: 0 } });
    expect(await db.ledgerEvent.count({ where: { shopId } })).toBe(before.events);
    expect(await db.paymentAllocation.count({ where: { shopId } })).toBe(before.allocations);
    expect(await db.bankEntry.count({ where: { shopId } })).toBe(4);
    expect(await adminRequests()).toEqual([]);
  });

  it("review queue: accept the proposal, put a transfer on an order by hand (the rest kept as credit), mark one not ours", async () => {
    await setAdmin([bram1, bram2].map((o) => ({ ...o, amount: o === bram1 ? "29.95" : o.amount })));
    const unsure = await entryByRef("E4");
    expect((await review({ intent: "accept", entryId: unsure.id })).status).toBe(200);
    expect(await receivable(bram2.receivableId)).toMatchObject({ status: "paid", outstandingMinor: 0n, pausedUntil: null });
    expect(await entryByRef("E4")).toMatchObject({ status: "matched", matchedBy: "staff" });
    expect((await adminRequests()).map((r) => r.operation)).toEqual(["DunlyOrdersPaymentState", "DunlyMarkOrderPaid", "DunlyRecordPaymentReferences"]);
    // the same click again is refused and changes nothing
    const again = await review({ intent: "accept", entryId: unsure.id });
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({ ok: false, error: "this entry is already matched" });

    const unknown = await entryByRef("E3");
    const nonsense = await review({ intent: "allocate", entryId: unknown.id, orders: "drop table orders" });
    expect(nonsense.status).toBe(400);
    expect((await nonsense.json()).error).toMatch(/is not an order/);
    expect((await review({ intent: "allocate", entryId: unknown.id, orders: "#NOPE1" })).status).toBe(400);
    const byHand = await review({ intent: "allocate", entryId: unknown.id, orders: `${bram1.name} = 10,00` });
    expect(byHand.status).toBe(200);
    expect(await receivable(bram1.receivableId)).toMatchObject({ outstandingMinor: 1995n });
    expect(await entryByRef("E3")).toMatchObject({ status: "matched", matchedBy: "staff", creditMinor: 24000n });
    // the rest is the customer's credit, shown with the customer
    expect(await (await adminPage(baseUrl, DOMAIN, "/app/customers")).text()).toContain("Credit €240.00");

    const extra = await (await upload(statement("BANK-2", [{ ref: "F1", amountMinor: 777, counterpartyName: "Privé", counterpartyIban: payer(9), remittance: "spaarrekening" }]))).json();
    expect(extra.imported).toMatchObject({ unmatched: 1 });
    const mine = await entryByRef("F1");
    expect((await review({ intent: "not_ours", entryId: mine.id })).status).toBe(200);
    expect(await entryByRef("F1")).toMatchObject({ status: "not_ours" });
    expect((await review({ intent: "not_ours", entryId: mine.id })).status).toBe(400);
  });

  it("another shop's entry cannot be touched", async () => {
    const other = "dunly-bank-other.myshopify.com";
    await installShop(db, other);
    const entry = await entryByRef("F1");
    const response = await adminPost(baseUrl, other, BANK, { intent: "not_ours", entryId: entry.id });
    expect(response.status).toBe(400);
    expect(await entryByRef("F1")).toMatchObject({ status: "not_ours", matchedBy: "staff" });
  });

  it("a partial payment Shopify refuses to record stays in the ledger, and the bank screen says what to do", async () => {
    const carla = await overdueOrder("80.00", "810003");
    await setAdmin([carla], { refuseManualPayments: { code: "GATEWAY_NOT_FOUND", message: "Payment gateway is not found." } });
    const body = await (await upload(statement("BANK-3", [
      { ref: "G1", amountMinor: 2500, counterpartyName: "C. Peeters", counterpartyIban: payer(5), structuredReference: orderPaymentReference(carla.name, "rf")! },
    ]))).json();
    expect(body.imported).toMatchObject({ matched: 1, writeBack: { recorded: 0, refused: 1 } });
    expect(await receivable(carla.receivableId)).toMatchObject({ status: "open", outstandingMinor: 5500n });
    expect(await db.paymentAllocation.findFirstOrThrow({ where: { receivableId: carla.receivableId } }))
      .toMatchObject({ writeBackStatus: "not_allowed", writeBackError: "GATEWAY_NOT_FOUND: Payment gateway is not found." });
    const page = await (await adminPage(baseUrl, DOMAIN, "/app/bank?show=matched")).text();
    expect(page).toContain("Shopify refused the payment record: mark the order paid in Shopify by hand (GATEWAY_NOT_FOUND: Payment gateway is not found.)");
  });

  it("a malformed file is refused with the line at fault and imports nothing", async () => {
    const before = await db.bankEntry.count({ where: { shopId } });
    const statements = await db.bankStatement.count({ where: { shopId } });
    const broken = statement("BANK-4", [{ ref: "H1", amountMinor: 100, counterpartyName: "X", counterpartyIban: null, remittance: "x" }]).replace("<Amt Ccy=\"EUR\">1.00</Amt>", "<Amt Ccy=\"EUR\">1.00</Amount>");
    const response = await upload(broken);
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatch(/^the file was not imported: line \d+, column \d+: not well-formed XML/);
    const csv = await upload("Datum;Bedrag\n2026-11-26;12,00\n", "export.csv");
    expect((await csv.json()).error).toMatch(/unknown CSV header/);
    const empty = await adminUpload(baseUrl, DOMAIN, BANK, { intent: "import" }, {});
    expect((await empty.json()).error).toBe("choose a statement file to import");
    expect(await db.bankEntry.count({ where: { shopId } })).toBe(before);
    expect(await db.bankStatement.count({ where: { shopId } })).toBe(statements);
  });
});

describe("write-back to Shopify", () => {
  it("two write-backs at once (the import's own and the worker's pass) tell Shopify once", async () => {
    const carla = await overdueOrder("80.00", "810009");
    // Shopify refuses the app for a moment: the import keeps the payment and its write-back waits
    await setAdmin([carla], { accessToken: "revoked" });
    const imported = await (await upload(statement("BANK-9", [
      { ref: "E9", amountMinor: 8000, counterpartyName: "C. Maes", counterpartyIban: payer(9), structuredReference: orderPaymentReference(carla.name, "rf")! },
    ]))).json();
    expect(imported).toMatchObject({ imported: { matched: 1, writeBack: { recorded: 0, waiting: 1 } } });
    await setAdmin([carla]);
    const shop = await db.shop.findUniqueOrThrow({ where: { domain: DOMAIN } });
    const other = createDb(inject("databaseUrl"));
    const adminOf = () => createAdminClient({ shop: DOMAIN, accessToken: token, apiVersion: API_VERSION, origin: adminOrigin, maxAttempts: 1 });
    const [first, second] = await Promise.all([writeBackPayments(db, shop, adminOf(), new Date()), writeBackPayments(other, shop, adminOf(), new Date())]);
    await other.$disconnect();
    expect(first.recorded + second.recorded).toBe(1);
    expect((await adminRequests()).filter((r) => r.operation === "DunlyMarkOrderPaid")).toHaveLength(1);
    expect(await db.paymentAllocation.findFirstOrThrow({ where: { shopId, receivableId: carla.receivableId } })).toMatchObject({ writeBackStatus: "done", writeBackClaim: null });
  });
});

describe("a returned transfer", () => {
  it("goes to a person with the orders of the transfer it returns, so staff know which payment to refund in Shopify", async () => {
    const order = await overdueOrder("45.00", "810011");
    const iban = payer(42);
    await upload(statement("BANK-R1", [{ ref: "R1", amountMinor: 4500, counterpartyName: "D. Smit", counterpartyIban: iban, structuredReference: orderPaymentReference(order.name, "rf")! }]));
    expect(await receivable(order.receivableId)).toMatchObject({ status: "paid" });
    const returned = writeCamt053({
      statementId: "BANK-R2", accountIban: SHOP_IBAN, currency: "EUR", createdAt: new Date(),
      entries: [{ ref: "R2", currency: "EUR", direction: "debit", reversal: true, bookedOn: new Date(), amountMinor: 4500, counterpartyName: "D. Smit", counterpartyIban: iban, remittance: "Retour AC04" }],
    });
    const body = await (await upload(returned)).json();
    expect(body.imported).toMatchObject({ review: 1, matched: 0 });
    const entry = await entryByRef("R2");
    expect(entry).toMatchObject({ status: "review", reasons: '["returned_transfer"]', customerId: (await receivable(order.receivableId)).customerId });
    expect(JSON.parse(entry.proposal)).toEqual([{ receivableId: order.receivableId, amountMinor: 4500 }]);
    const page = await (await adminPage(baseUrl, DOMAIN, "/app/bank")).text();
    expect(page).toContain("Returned transfer: if it paid an order, that order owes the money again.");
    expect(page).toContain(order.name);
    // handled by staff once the payment is refunded in Shopify
    expect((await review({ intent: "not_ours", entryId: entry.id })).status).toBe(200);
    expect(await entryByRef("R2")).toMatchObject({ status: "not_ours" });
  });
});

describe("a large statement", () => {
  it("is stored at once and matched by the worker in the background; the bank screen says so meanwhile", async () => {
    const order = await overdueOrder("77.00", "810010");
    const entries = Array.from({ length: MATCH_WHILE_WAITING }, (_, i) => ({ ref: `K${i}`, amountMinor: 100_000 + i, counterpartyName: "Huurder", counterpartyIban: payer(100 + i), remittance: "huur" }));
    entries.push({ ref: "K-order", amountMinor: 7700, counterpartyName: "Z", counterpartyIban: payer(99), structuredReference: orderPaymentReference(order.name, "rf")! } as never);
    const body = await (await upload(statement("BANK-LARGE", entries))).json();
    expect(body.imported).toMatchObject({ entries: MATCH_WHILE_WAITING + 1, pending: MATCH_WHILE_WAITING + 1, matched: 0 });
    const page = await (await adminPage(baseUrl, DOMAIN, "/app/bank")).text();
    expect(page).toMatch(/entries of a large statement are being matched in the background/);
    await expect.poll(() => db.bankEntry.count({ where: { shopId, status: "pending" } }), { timeout: 60_000, interval: 500 }).toBe(0);
    expect(await receivable(order.receivableId)).toMatchObject({ status: "paid" });
    expect(await db.bankEntry.count({ where: { shopId, entryKey: { startsWith: `${SHOP_IBAN.replace(/\s/g, "")}|K` }, status: "unmatched" } })).toBe(MATCH_WHILE_WAITING);
  });
});

describe("the statement inbox (a watched folder for automation)", () => {
  it("imports a file dropped in the shop's folder and moves it to done/; a broken one to rejected/ with the reason", async () => {
    const folder = path.join(inject("statementInbox"), DOMAIN);
    mkdirSync(folder, { recursive: true });
    const order = await overdueOrder("33.00", "810009");
    writeFileSync(path.join(folder, "2026-11-26.xml"), statement("INBOX-1", [
      { ref: "J1", amountMinor: 3300, counterpartyName: "X", counterpartyIban: payer(7), structuredReference: orderPaymentReference(order.name, "rf")! },
    ]));
    writeFileSync(path.join(folder, "broken.csv"), "Datum;Bedrag\n2026-11-26;12,00\n");
    // the app's worker looks at the folder every few seconds
    await expect.poll(() => existsSync(path.join(folder, "2026-11-26.xml")) || existsSync(path.join(folder, "broken.csv")), { timeout: 30_000, interval: 250 }).toBe(false);
    expect(readdirSync(path.join(folder, "done"))).toEqual([expect.stringMatching(/-2026-11-26\.xml$/)]);
    const rejected = readdirSync(path.join(folder, "rejected")).sort();
    expect(rejected).toEqual([expect.stringMatching(/-broken\.csv$/), expect.stringMatching(/-broken\.csv\.error\.txt$/)]);
    expect(readFileSync(path.join(folder, "rejected", rejected[1]), "utf8")).toMatch(/^line 1: unknown CSV header/);
    expect(await receivable(order.receivableId)).toMatchObject({ status: "paid", outstandingMinor: 0n });
  });
});
