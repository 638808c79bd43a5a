/**
 * Failed subscription renewals, end to end: Shopify's billing attempt webhooks (signed, shaped like
 * its examples) make renewal receivables, the recovery pass retries through the Admin API (a local
 * server that validates every document against the Admin schema), and a success settles.
 */
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { createDb, type Db } from "../../app/db/client";
import { createAdminClient } from "../../app/adapters/shopify/graphql/client";
import type { BillingAttemptNode, RenewalContractNode } from "../../app/adapters/shopify/graphql/subscriptions";
import { runRenewalRecovery } from "../../app/services/renewals/renewalRecovery";
import { renewalKey } from "../../app/domain/renewals";
import type { FakeAdminState, FakeContract } from "../support/fakeShopifyAdmin";
import { deliver, sendWebhook } from "../support/webhooks";
import { shopifyExample } from "../support/shopifyExamples";
import { installShop } from "../support/testShop";
import { adminPage, adminPost } from "../support/adminRequest";
import { signCustomerLink } from "../../app/services/customers/customerLinks";
import { TEST_API_SECRET } from "../support/appServer";
import { runSchedulerTick } from "../../app/services/followUp/runScheduler";
import { outboxMailer } from "../../app/adapters/email/mailer";

const baseUrl = inject("baseUrl");
const adminOrigin = inject("adminOrigin");
const DOMAIN = "dunly-renewals.myshopify.com";
const DAY = 86_400_000;
/**
 * The recovery runs on the test's clock; the server stamps what has no time of its own (a payment
 * method updated, a contract paused) with the wall clock: the story is set in the 60 days before it.
 */
const START = Math.floor(Date.now() / DAY) * DAY - 60 * DAY + 9 * 3_600_000;
const at = (day: number, hour = 9) => new Date(START + (day - 1) * DAY + (hour - 9) * 3_600_000);

let db: Db;
let shopId: string;
let token: string;
let contractSeq = 4_645_218_000;
let contracts: FakeContract[] = [];

beforeAll(async () => {
  db = createDb(inject("databaseUrl"));
  ({ shop: { id: shopId }, accessToken: token } = await installShop(db, DOMAIN));
  await db.shop.update({ where: { id: shopId }, data: { renewalRetryDays: "1,3,7", renewalFinalAction: "cancel" } });
});
afterAll(async () => {
  await db.$disconnect();
});
// each story's renewals rest when it ends: the next story's recovery passes see only their own
afterEach(async () => {
  await db.subscriptionRenewal.updateMany({ where: { shopId }, data: { nextRetryAt: null } });
});

const admin = () => createAdminClient({ shop: DOMAIN, accessToken: token, apiVersion: "2025-10", origin: adminOrigin, maxAttempts: 1 });
const adminOf = async () => admin();

async function fakeState(): Promise<FakeAdminState> {
  return (await fetch(`${adminOrigin}/__fake/state`)).json();
}
async function putState(state: Partial<FakeAdminState>) {
  await fetch(`${adminOrigin}/__fake/state`, {
    method: "PUT",
    body: JSON.stringify({ accessToken: token, shop: { name: "R", currencyCode: "EUR", myshopifyDomain: DOMAIN }, orders: [], contracts, ...state }),
  });
}
async function operations(name: string) {
  const requests = (await (await fetch(`${adminOrigin}/__fake/requests`)).json()) as { operation: string; variables: Record<string, any> }[];
  return requests.filter((r) => r.operation === name);
}

function attempt(key: string, day: number, errorCode: string | null): BillingAttemptNode {
  return {
    id: `gid://shopify/SubscriptionBillingAttempt/${key.length}${day}${Math.abs(hash(key))}`, idempotencyKey: key, createdAt: at(day).toISOString(),
    completedAt: errorCode ? null : at(day, 10).toISOString(), originTime: at(day).toISOString(), errorCode, errorMessage: errorCode ? "The card was declined." : null,
    nextActionUrl: null, order: null, transactions: { nodes: [] },
  };
}
function hash(text: string) {
  let h = 0;
  for (const c of text) h = (h * 31 + c.charCodeAt(0)) | 0;
  return h;
}

/** A contract billed every 30 days since day 1, €24.95 a box plus €4.95 delivery, its customer's card on file. */
function newContract(customerId: number): FakeContract {
  const id = ++contractSeq;
  const node: RenewalContractNode = {
    id: `gid://shopify/SubscriptionContract/${id}`, status: "ACTIVE", currencyCode: "EUR", originOrder: { id: `gid://shopify/Order/${770_000 + id}`, name: `#S${id % 10000}` },
    customerPaymentMethod: { id: `gid://shopify/CustomerPaymentMethod/pm${id}`, revokedAt: null },
    customer: {
      id: `gid://shopify/Customer/${customerId}`, email: `sub${customerId}@example.com`, firstName: "Sam", lastName: "Subscriber", phone: null,
      locale: "nl", tags: [], updatedAt: at(1).toISOString(), defaultAddress: null,
    },
    lines: { nodes: [{ lineDiscountedPrice: { amount: "24.95", currencyCode: "EUR" } }] },
    deliveryPrice: { amount: "4.95", currencyCode: "EUR" },
    billingAttempts: { nodes: [] },
  };
  const contract = { node, cycleStart: at(1).toISOString(), cycleDays: 30 };
  contracts.push(contract);
  return contract;
}

/** Shopify's example body for the topic, about this attempt. */
function attemptWebhook(contract: FakeContract, key: string, errorCode: string | null, orderId: number | null = null) {
  const numeric = contract.node.id.split("/").pop()!;
  return JSON.stringify({
    ...shopifyExample("subscription_billing_attempts/failure"),
    idempotency_key: key, subscription_contract_id: Number(numeric), admin_graphql_api_subscription_contract_id: contract.node.id,
    order_id: orderId, admin_graphql_api_order_id: orderId ? `gid://shopify/Order/${orderId}` : null,
    ready: true, error_code: errorCode, error_message: errorCode ? "The card was declined." : null,
  });
}

/** Shopify fails the charge of cycle 2 (day 31) with this code, and tells the app. */
async function failedRenewal(errorCode: string, customerId: number) {
  const contract = newContract(customerId);
  const key = `app-${contract.node.id.split("/").pop()}-2`;
  contract.node.billingAttempts.nodes.push(attempt(key, 31, errorCode.toUpperCase()));
  await putState({});
  await deliver(db, baseUrl, "subscription_billing_attempts/failure", attemptWebhook(contract, key, errorCode), { shop: DOMAIN });
  const receivable = await db.receivable.findUniqueOrThrow({ where: { shopId_orderGid: { shopId, orderGid: renewalKey(contract.node.id, 2) } } });
  return { contract, receivable };
}

/** Shopify answers a billing attempt: the fake records its result, and the webhook follows. */
async function answerAttempt(contract: FakeContract, key: string, day: number, errorCode: string | null) {
  const state = await fakeState();
  const node = state.contracts!.find((c) => c.node.id === contract.node.id)!.node;
  const found = node.billingAttempts.nodes.find((a) => a.idempotencyKey === key)!;
  Object.assign(found, { errorCode: errorCode?.toUpperCase() ?? null, completedAt: errorCode ? null : at(day, 10).toISOString(), createdAt: at(day).toISOString() });
  contracts = state.contracts!;
  await putState({});
  const topic = errorCode ? "subscription_billing_attempts/failure" : "subscription_billing_attempts/success";
  await deliver(db, baseUrl, topic, attemptWebhook({ ...contract, node }, key, errorCode, errorCode ? null : 880_000 + day), { shop: DOMAIN });
}

const renewalOf = (receivableId: string) => db.subscriptionRenewal.findUniqueOrThrow({ where: { receivableId } });

describe("a failed renewal becomes a receivable", () => {
  it("owed from the cycle's billing date, for the contract's lines and delivery, with the customer; a redelivery counts once", async () => {
    const { contract, receivable } = await failedRenewal("insufficient_funds", 9101);
    expect(receivable).toMatchObject({
      kind: "renewal", status: "open", creditSale: true, totalMinor: 2990n, outstandingMinor: 2990n, currency: "EUR",
      issuedAt: at(31), dueAt: at(31), orderName: `${contract.node.originOrder!.name}-R2`,
    });
    const customer = await db.customer.findUniqueOrThrow({ where: { id: receivable.customerId! } });
    expect(customer).toMatchObject({ gid: "gid://shopify/Customer/9101", email: "sub9101@example.com" });
    const renewal = await renewalOf(receivable.id);
    expect(renewal).toMatchObject({ errorCode: "insufficient_funds", cycleIndex: 2, failedAttempts: 1, retriesSent: 0, nextRetryAt: at(32), outcome: null });

    const key = contract.node.billingAttempts.nodes[0].idempotencyKey;
    await deliver(db, baseUrl, "subscription_billing_attempts/failure", attemptWebhook(contract, key, "insufficient_funds"), { shop: DOMAIN });
    expect(await renewalOf(receivable.id)).toMatchObject({ failedAttempts: 1 });
  });

  it("a body Shopify would never send is refused (422) with the field named, and no renewal is made", async () => {
    const contract = newContract(9102);
    const body = JSON.parse(attemptWebhook(contract, "k", "insufficient_funds"));
    delete body.idempotency_key;
    const sent = await sendWebhook(baseUrl, "subscription_billing_attempts/failure", body, { shop: DOMAIN });
    expect(sent.status).toBe(422);
    expect(JSON.stringify(sent.body)).toContain("idempotency_key");
    expect(await db.webhookDelivery.findUnique({ where: { webhookId: sent.webhookId } })).toMatchObject({ status: "rejected" });
    expect(await db.subscriptionRenewal.count({ where: { contractGid: contract.node.id } })).toBe(0);
  });
});

describe("recovery", () => {
  it("retries on the merchant's first day with an idempotency key; Shopify's success pays the renewal and stops everything", async () => {
    const { contract, receivable } = await failedRenewal("insufficient_funds", 9201);
    expect(await runRenewalRecovery(db, adminOf, at(31, 23))).toMatchObject({ retried: 0 });
    expect(await runRenewalRecovery(db, adminOf, at(32))).toMatchObject({ retried: 1 });
    const [call] = await operations("DunlyRenewalRetry");
    const renewal = await renewalOf(receivable.id);
    expect(call.variables).toEqual({ contractId: contract.node.id, input: { idempotencyKey: renewal.retryKey, billingCycleSelector: { index: 2 } } });
    expect(renewal).toMatchObject({ retriesSent: 1 });

    await answerAttempt(contract, renewal.retryKey!, 32, null);
    expect(await db.receivable.findUniqueOrThrow({ where: { id: receivable.id } })).toMatchObject({ status: "paid", outstandingMinor: 0n, paidAt: at(32, 10) });
    expect(await renewalOf(receivable.id)).toMatchObject({ outcome: "recovered", recoveredBy: "our_retry", nextRetryAt: null });
    expect(await runRenewalRecovery(db, adminOf, at(40))).toMatchObject({ retried: 0, ended: 0 });
    expect(await operations("DunlyRenewalRetry")).toHaveLength(0); // none since Shopify answered
  });

  it("a success from the subscription app's own retry stops ours", async () => {
    const { contract, receivable } = await failedRenewal("payment_method_declined", 9202);
    contract.node.billingAttempts.nodes.push(attempt("their-retry", 32, null));
    await putState({});
    await deliver(db, baseUrl, "subscription_billing_attempts/success", attemptWebhook(contract, "their-retry", null, 880_123), { shop: DOMAIN });
    expect(await renewalOf(receivable.id)).toMatchObject({ outcome: "recovered", recoveredBy: "subscription_app" });
    expect(await db.receivable.findUniqueOrThrow({ where: { id: receivable.id } })).toMatchObject({ status: "paid" });
    await runRenewalRecovery(db, adminOf, at(45));
    expect(await operations("DunlyRenewalRetry")).toHaveLength(0);
  });

  it("an expired card is not retried before the customer updated it: the update email first, the retry right after the update", async () => {
    const { contract, receivable } = await failedRenewal("expired_payment_method", 9203);
    expect(await runRenewalRecovery(db, adminOf, at(31, 10))).toMatchObject({ updateEmails: 1, retried: 0 });
    expect((await fakeState()).updateEmailsSent).toEqual([contract.node.customerPaymentMethod!.id]);
    await runRenewalRecovery(db, adminOf, at(34));
    expect(await operations("DunlyRenewalRetry")).toHaveLength(0);

    const method: Record<string, unknown> = { ...shopifyExample("customer_payment_methods/update"), admin_graphql_api_customer_id: "gid://shopify/Customer/9203", customer_id: 9203 };
    await deliver(db, baseUrl, "customer_payment_methods/update", JSON.stringify(method), { shop: DOMAIN });
    const waiting = await renewalOf(receivable.id);
    expect(waiting.customerPaymentMethodGid).toBe(method.admin_graphql_api_id);
    expect(await runRenewalRecovery(db, adminOf, new Date(waiting.nextRetryAt!.getTime() + 1000))).toMatchObject({ retried: 1 });
    expect(await operations("DunlyRenewalRetry")).toHaveLength(1);
  });

  it("a shop that uninstalled the app gets no retries, and its waiting renewals hold up no other shop's", async () => {
    // another shop's renewal, due earlier, left behind when that shop uninstalled the app
    const { shop: gone } = await installShop(db, "dunly-renewals-gone.myshopify.com");
    const left = await db.receivable.create({ data: {
      shopId: gone.id, kind: "renewal", orderGid: renewalKey("gid://shopify/SubscriptionContract/1", 2), orderName: "#G1-R2", currency: "EUR",
      totalMinor: 2990n, outstandingMinor: 2990n, issuedAt: at(30), dueAt: at(30), status: "open", creditSale: true, financialStatus: "pending",
      snapshotUpdatedAt: at(30), snapshot: "{}",
    } });
    await db.subscriptionRenewal.create({ data: {
      shopId: gone.id, receivableId: left.id, contractGid: "gid://shopify/SubscriptionContract/1", cycleIndex: 2, cycleDate: at(30),
      errorCode: "insufficient_funds", firstFailedAt: at(30), lastFailedAt: at(30), nextRetryAt: at(31),
    } });
    await db.shop.update({ where: { id: gone.id }, data: { uninstalledAt: at(30, 12) } });
    const { receivable } = await failedRenewal("insufficient_funds", 9207);
    // one renewal a pass: the one of the shop still installed is the one taken
    expect(await runRenewalRecovery(db, adminOf, at(32), 1)).toMatchObject({ retried: 1 });
    expect(await renewalOf(receivable.id)).toMatchObject({ retriesSent: 1 });
    expect(await renewalOf(left.id)).toMatchObject({ retriesSent: 0, nextRetryAt: at(31) });
  });

  it("two processes never retry the same attempt twice", async () => {
    const { receivable } = await failedRenewal("insufficient_funds", 9204);
    const other = createDb(inject("databaseUrl"));
    try {
      const results = await Promise.all([runRenewalRecovery(db, adminOf, at(32)), runRenewalRecovery(other, adminOf, at(32))]);
      expect(results[0].retried + results[1].retried).toBe(1);
    } finally {
      await other.$disconnect();
    }
    expect(await operations("DunlyRenewalRetry")).toHaveLength(1);
    expect(await renewalOf(receivable.id)).toMatchObject({ retriesSent: 1 });
  });

  it("after the last retry failed, the merchant's final rule cancels the contract and the renewal is no longer owed", async () => {
    const { contract, receivable } = await failedRenewal("insufficient_funds", 9205);
    for (const day of [32, 34, 38]) {
      expect(await runRenewalRecovery(db, adminOf, at(day))).toMatchObject({ retried: 1 });
      await answerAttempt(contract, (await renewalOf(receivable.id)).retryKey!, day, "insufficient_funds");
    }
    expect(await renewalOf(receivable.id)).toMatchObject({ retriesSent: 3, failedAttempts: 4, nextRetryAt: at(39) });
    expect(await runRenewalRecovery(db, adminOf, at(39))).toMatchObject({ ended: 1 });
    expect(await operations("DunlyContractCancel")).toEqual([{ operation: "DunlyContractCancel", variables: { id: contract.node.id } }]);
    expect(await renewalOf(receivable.id)).toMatchObject({ outcome: "cancelled" });
    expect(await db.receivable.findUniqueOrThrow({ where: { id: receivable.id } })).toMatchObject({ status: "cancelled", outstandingMinor: 0n });

    // a late failure report of the same cycle does not bring the cancelled renewal back
    contracts = (await fakeState()).contracts!;
    contracts.find((c) => c.node.id === contract.node.id)!.node.billingAttempts.nodes.push(attempt("late-report", 40, "INSUFFICIENT_FUNDS"));
    await putState({});
    await deliver(db, baseUrl, "subscription_billing_attempts/failure", attemptWebhook(contract, "late-report", "insufficient_funds"), { shop: DOMAIN });
    expect(await db.receivable.findUniqueOrThrow({ where: { id: receivable.id } })).toMatchObject({ status: "cancelled", outstandingMinor: 0n });
    expect(await renewalOf(receivable.id)).toMatchObject({ outcome: "cancelled", failedAttempts: 4 });
  });

  it("a contract paused meanwhile ends the recovery at once; kept as debt when the merchant keeps renewals", async () => {
    await db.shop.update({ where: { id: shopId }, data: { renewalFinalAction: "keep" } });
    try {
      const { contract, receivable } = await failedRenewal("insufficient_funds", 9206);
      const numeric = Number(contract.node.id.split("/").pop());
      await deliver(db, baseUrl, "subscription_contracts/pause", JSON.stringify({
        ...shopifyExample("subscription_contracts/pause"), id: numeric, admin_graphql_api_id: contract.node.id, status: "paused",
      }), { shop: DOMAIN });
      const renewal = await renewalOf(receivable.id);
      expect(renewal.contractEndedAt).not.toBeNull();
      expect(await runRenewalRecovery(db, adminOf, new Date(renewal.nextRetryAt!.getTime() + 1000))).toMatchObject({ ended: 1, retried: 0 });
      expect(await renewalOf(receivable.id)).toMatchObject({ outcome: "kept" });
      expect(await db.receivable.findUniqueOrThrow({ where: { id: receivable.id } })).toMatchObject({ status: "open", outstandingMinor: 2990n });
    } finally {
      await db.shop.update({ where: { id: shopId }, data: { renewalFinalAction: "cancel" } });
    }
  });
});

describe("the merchant's recovery rules and what they show", () => {
  const SETTINGS = "/app/settings?_data=routes%2Fapp.settings";

  it("retry days and the final rule are set in settings; nonsense is refused with the field named and changes nothing", async () => {
    const bad = await adminPost(baseUrl, DOMAIN, SETTINGS, { intent: "renewals", renewalRetryDays: "7, 3", renewalFinalAction: "shred" });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ ok: false, errors: { renewalRetryDays: { code: "retry_days_increase" }, renewalFinalAction: { code: "final_action" } } });
    expect(await db.shop.findUniqueOrThrow({ where: { id: shopId } })).toMatchObject({ renewalRetryDays: "1,3,7", renewalFinalAction: "cancel" });
    try {
      const good = await adminPost(baseUrl, DOMAIN, SETTINGS, { intent: "renewals", renewalRetryDays: " 2, 5 ,10", renewalFinalAction: "pause" });
      expect(good.status).toBe(200);
      expect(await db.shop.findUniqueOrThrow({ where: { id: shopId } })).toMatchObject({ renewalRetryDays: "2,5,10", renewalFinalAction: "pause" });
      const page = await (await adminPage(baseUrl, DOMAIN, "/app/settings")).text();
      expect(page).toContain("2, 5, 10");
    } finally {
      await db.shop.update({ where: { id: shopId }, data: { renewalRetryDays: "1,3,7", renewalFinalAction: "cancel" } });
    }
  });

  it("the order page tells what failed and the next step; the list shows renewals on their own; the reports count recoveries per reason and per day", async () => {
    const { receivable } = await failedRenewal("insufficient_funds", 9301);
    const page = await (await adminPage(baseUrl, DOMAIN, `/app/receivables/${receivable.id}`)).text();
    expect(page).toContain("Subscription renewal");
    expect(page).toContain("failed: insufficient funds (retried on your retry days). Failed attempts: 1; our retries: 0.");
    expect(page).toContain("Next: the charge is retried on");
    expect(page).toContain("Subscription charge failed: insufficient funds");

    const renewalList = await (await adminPage(baseUrl, DOMAIN, "/app/receivables?filter=all&kind=renewal")).text();
    expect(renewalList).toContain(receivable.orderName);
    expect(renewalList).toContain(">Renewal<");
    expect(await (await adminPage(baseUrl, DOMAIN, "/app/receivables?filter=all&kind=order")).text()).not.toContain(receivable.orderName);
    expect((await adminPage(baseUrl, DOMAIN, "/app/receivables?kind=subscription")).status).toBe(400);

    // the customer's page, from the link in their reminder (Dutch customer): the renewal named as what it is
    const token = signCustomerLink({ shopId, customerId: receivable.customerId!, receivableId: receivable.id, expiresAt: new Date(Date.now() + 86_400_000) }, TEST_API_SECRET);
    const customerPage = await (await fetch(`${baseUrl}/c/${token}`)).text();
    expect(customerPage).toContain(`Abonnementsverlenging<!-- --> <!-- -->${receivable.orderName}`);

    const report = await (await adminPage(baseUrl, DOMAIN, "/app/reports")).text();
    const renewals = await db.subscriptionRenewal.findMany({ where: { shopId } });
    const recovered = renewals.filter((r) => r.outcome === "recovered").length;
    expect(recovered).toBeGreaterThan(0);
    expect(report).toContain(`${recovered} of ${renewals.length} failed renewals recovered`);
    expect(report).toContain("day 1 after the failure");
  });
});

describe("a reminder flow of their own", () => {
  it("a segment for subscription renewals, saved in the segment editor, gives renewals its flow and leaves orders to theirs", async () => {
    const steps = [{ key: "renewal_nudge", offsetDays: 2, channel: "email", purpose: "reminder", tone: "friendly", chargesFee: false }];
    const payload = {
      id: null, name: "Subscription renewals", riskLevels: [], company: "any", kind: "renewal", countries: "", tag: "", minOrderValue: "", maxOrderValue: "",
      minLateChance: "", maxCreditScore: "", steps,
    };
    const saved = await adminPost(baseUrl, DOMAIN, "/app/segments?_data=routes%2Fapp.segments", { payload: JSON.stringify(payload) });
    expect(saved.status).toBe(200);
    const segment = await db.segment.findFirstOrThrow({ where: { shopId, name: "Subscription renewals" } });
    expect(JSON.parse(segment.conditions)).toEqual([{ field: "receivableKind", equals: "renewal" }]);
    const bad = await adminPost(baseUrl, DOMAIN, "/app/segments?_data=routes%2Fapp.segments", { payload: JSON.stringify({ ...payload, name: "Odd", kind: "gift" }) });
    expect(await bad.json()).toMatchObject({ ok: false, errors: expect.arrayContaining([expect.stringContaining("the kind is any")]) });

    const { receivable } = await failedRenewal("insufficient_funds", 9401);
    await runSchedulerTick(db, { clock: () => at(34, 10), mailer: outboxMailer });
    const after = await db.receivable.findUniqueOrThrow({ where: { id: receivable.id }, include: { messages: true } });
    expect(after.segmentId).toBe(segment.id);
    expect(after.messages.map((m) => m.stepKey)).toContain("renewal_nudge");
    const rendered = after.messages.find((m) => m.stepKey === "renewal_nudge")!;
    // Sam reads Dutch: the reminder says it is the subscription's renewal, and names it so
    expect(rendered.text).toContain(`${receivable.orderName} is de verlenging van uw abonnement`);
    expect(rendered.text).toContain(`Abonnementsverlenging: ${receivable.orderName}`);
  });

  it("Shopify Flow hears of a renewal's reminder as of the subscription's first order; a renewal that knows none is left out", async () => {
    await db.flowTriggerUse.create({ data: { shopId, handle: "reminder-step-sent", enabled: true, changedAt: at(1) } });
    await db.shop.update({ where: { id: shopId }, data: { flowTriggersInUse: true } });
    const known = await failedRenewal("insufficient_funds", 9402);
    const unknown = await failedRenewal("insufficient_funds", 9403);
    // failed before the app kept the first order
    await db.subscriptionRenewal.update({ where: { receivableId: unknown.receivable.id }, data: { originOrderGid: null } });
    await runSchedulerTick(db, { clock: () => at(34, 10), mailer: outboxMailer });
    const sentStep = async (receivableId: string) => (await db.message.findFirstOrThrow({ where: { receivableId, stepKey: "renewal_nudge" } })).id;
    const eventOf = async (receivableId: string) => db.flowEvent.findFirst({ where: { shopId, handle: "reminder-step-sent", eventKey: `step:${await sentStep(receivableId)}` } });
    const [event, withoutOrder] = [await eventOf(known.receivable.id), await eventOf(unknown.receivable.id)];
    // the suite's files share one database: Flow's own tests send every queued event and count them
    await db.flowEvent.deleteMany({ where: { shopId } });
    await db.flowTriggerUse.deleteMany({ where: { shopId } });
    await db.shop.update({ where: { id: shopId }, data: { flowTriggersInUse: false } });
    expect(JSON.parse(event!.payload)).toMatchObject({ order_id: Number(known.contract.node.originOrder!.id.split("/").pop()), customer_id: 9402, Step: "renewal_nudge" });
    expect(withoutOrder).toBeNull();
  });
});
