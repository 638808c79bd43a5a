import { describe, expect, it } from "vitest";
import { parseShopifyJson, PayloadError } from "../../app/adapters/shopify/json";
import { checkPayload } from "../../app/adapters/shopify/payloadCheck";
import {
  customerFromPayload, orderSnapshotFromPayload, paymentFactFromTransaction, refundFactFromPayload,
} from "../../app/adapters/shopify/payloads";
import { asCurrency } from "../../app/domain/money";
import { shopifyExample, shopifyExampleText } from "../support/shopifyExamples";
import { readFileSync } from "node:fs";
import { billingAttemptFromPayload, paymentMethodFromPayload } from "../../app/adapters/shopify/subscriptionPayloads";
import { SUBSCRIBED_TOPICS, SUBSCRIPTION_TOPICS } from "../../app/adapters/shopify/topics";

describe("Shopify payload mappers on Shopify's own example payloads", () => {
  it("keeps ids beyond 2^53 exact", () => {
    const parsed = parseShopifyJson('{"order_id": 820982911946154508, "small": 7}') as Record<string, unknown>;
    expect(parsed.order_id).toBe("820982911946154508");
    expect(parsed.small).toBe(7);
  });

  it("keeps long ids exact in arrays, after whitespace and negative, and leaves 15-digit numbers and decimals as numbers", () => {
    const parsed = parseShopifyJson('{"ids": [1, 9007199254740993],\n "neg":\t-9007199254740995, "ok": 123456789012345, "price": 12345678901234567.5}') as Record<string, unknown>;
    expect(parsed).toEqual({ ids: [1, "9007199254740993"], neg: "-9007199254740995", ok: 123456789012345, price: 12345678901234567.5 });
  });

  it("leaves long fractions and exponents as numbers and invalid numbers invalid", () => {
    expect(parseShopifyJson('{"a": 1.12345678901234567, "b": 1e12345678901234567, "c": -0.5E-12345678901234567}')).toEqual({ a: 1.12345678901234567, b: Infinity, c: -0 });
    expect(() => parseShopifyJson('{"id": 0012345678901234567}')).toThrow(SyntaxError);
    expect(() => parseShopifyJson('{"id": 12345678901234567abc}')).toThrow(SyntaxError);
    expect(() => parseShopifyJson("[9007199254740993")).toThrow(SyntaxError);
  });

  it("refuses nesting deeper than 64 levels, counting no brackets inside strings", () => {
    expect(() => parseShopifyJson("[".repeat(65) + "]".repeat(65))).toThrow(/nested deeper than 64/);
    const note = `${"[{".repeat(100)}\\"`; // brackets, an escaped backslash and an escaped quote
    const text = `{"note": ${JSON.stringify(note)}, "a": ${"[".repeat(63)}${"]".repeat(63)}}`;
    expect(parseShopifyJson(text)).toMatchObject({ note });
  });

  it("finds a string's end past escaped quotes and backslashes, so an id after it is still read exactly", () => {
    const text = String.raw`{"a": "say \"9007199254740993\"", "b": "ends in a backslash \\", "c": "\\\"", "id": 9007199254740993}`;
    expect(parseShopifyJson(text)).toEqual({ a: 'say "9007199254740993"', b: "ends in a backslash \\", c: '\\"', id: "9007199254740993" });
    expect(() => parseShopifyJson('{"a": "never closed}')).toThrow(SyntaxError);
  });

  it("refuses a NUL or a lone surrogate written as an escape in any case, and only those", () => {
    const order = shopifyExample("orders/create");
    const withNote = (escaped: string) => {
      const text = JSON.stringify({ ...order, note: "x" }).replace('"note":"x"', `"note":"${escaped}"`);
      return () => checkPayload("orders/create", parseShopifyJson(text) as Record<string, unknown>, text);
    };
    expect(withNote(String.raw`a\u0000b`)).toThrow(/note contains a NUL character/);
    expect(withNote(String.raw`\uD83D alone`)).toThrow(/note contains a lone surrogate/);
    expect(withNote(String.raw`\ud83d\ude00 a pair`)).not.toThrow();
    // an escaped backslash followed by the letters u0000 is text, not a NUL
    expect(withNote(String.raw`C:\\u0000`)).not.toThrow();
  });

  it("maps orders/create", () => {
    const snapshot = orderSnapshotFromPayload(shopifyExample("orders/create"));
    expect(snapshot).toMatchObject({
      orderGid: "gid://shopify/Order/820982911946154508", orderName: "#9999", currency: "USD",
      totalMinor: 36997, outstandingMinor: 36997, financialStatus: "voided",
      customerGid: "gid://shopify/Customer/115310627314723954",
    });
    expect(snapshot.cancelledAt).toEqual(new Date("2022-01-01T00:00:00Z"));
  });

  it("maps payment terms with schedules", () => {
    const order = { ...shopifyExample("orders/create"), payment_terms: {
      payment_terms_name: "Net 30", payment_terms_type: "net", due_in_days: 30,
      payment_schedules: [{ due_at: "2026-12-01T00:00:00Z", completed_at: null, amount: "10.00", currency: "USD" }],
    } };
    expect(orderSnapshotFromPayload(order).paymentTerms).toEqual({
      gid: null, name: "Net 30", type: "NET", dueInDays: 30, nextDueAt: new Date("2026-12-01T00:00:00Z"),
    });
  });

  // The package's example carries order_id 820982911946154500 as a bare number: its author's
  // JSON tooling already rounded it (the gid says ...508). We keep the digits exactly as sent.
  it("maps a sale transaction to a payment and ignores an authorization", () => {
    const example = shopifyExample("order_transactions/create");
    expect(paymentFactFromTransaction(example)).toBeNull(); // the example is an authorization
    const fact = paymentFactFromTransaction({ ...example, kind: "sale", processed_at: "2026-11-20T10:00:00Z" });
    expect(fact).toMatchObject({
      kind: "payment", key: "gid://shopify/OrderTransaction/120560818172775265",
      orderGid: "gid://shopify/Order/820982911946154500", amountMinor: 37497, outstandingDeltaMinor: -37497,
    });
    expect(paymentFactFromTransaction({ ...example, kind: "sale", status: "failure" })).toBeNull();
  });

  it("maps refunds/create: refunded goods lower what is owed, money returned raises it", () => {
    const fact = refundFactFromPayload(shopifyExample("refunds/create"), asCurrency("USD"));
    expect(fact.kind).toBe("refund");
    expect(fact.orderGid).toBe("gid://shopify/Order/820982911946154500");
    // goods 89.99 + 159.99 + 119.99 refunded, 75.00 + 10.00 paid back: owed drops by 284.97
    expect(fact.outstandingDeltaMinor).toBe(7500 + 1000 - (8999 + 15999 + 11999));
    expect(fact.currency).toBe("USD");
  });

  it("refuses a refund whose lines add up beyond what minor units can hold exactly, instead of rounding", () => {
    const example = shopifyExample("refunds/create") as { refund_line_items: { subtotal_set: { shop_money: { amount: string } } }[] };
    const huge = structuredClone(example);
    for (const line of huge.refund_line_items) line.subtotal_set.shop_money.amount = "9999999999999.00";
    huge.refund_line_items = [...huge.refund_line_items, ...huge.refund_line_items, ...huge.refund_line_items, ...huge.refund_line_items];
    expect(() => refundFactFromPayload(huge, asCurrency("USD"))).toThrow(/refund sum out of range/);
  });

  it("maps customers/update", () => {
    expect(customerFromPayload(shopifyExample("customers/update"))).toMatchObject({
      gid: "gid://shopify/Customer/706405506930370084", email: "bob@biller.com", firstName: "Bob", countryCode: "CA",
      address1: "151 O'Connor Street", address2: null, zip: "K2P 2L8", city: "Ottawa", province: "ON",
    });
  });

  it.each([
    ["a missing gid", { admin_graphql_api_id: undefined }, /admin_graphql_api_id/],
    ["a gid of another type", { admin_graphql_api_id: "gid://shopify/Customer/1" }, /not a Order gid/],
    ["a float amount with too many decimals", { total_outstanding: "10.123" }, /more decimals/],
    ["a negative outstanding", { total_outstanding: "-5.00" }, /negative/],
    ["an unknown currency", { currency: "XXY" }, /currency/],
    ["an absurd date", { created_at: "9999-01-01T00:00:00Z", processed_at: null }, /out of range/],
    ["a non-date", { updated_at: "yesterday" }, /ISO 8601/],
  ])("rejects an order with %s", (_what, change, message) => {
    expect(() => orderSnapshotFromPayload({ ...shopifyExample("orders/create"), ...change })).toThrow(message);
    expect(() => orderSnapshotFromPayload({ ...shopifyExample("orders/create"), ...change })).toThrow(PayloadError);
  });
});

describe("subscription webhooks on Shopify's own examples", () => {
  it("a billing attempt names its contract and idempotency key; the error code is read in lower case", () => {
    expect(billingAttemptFromPayload(shopifyExample("subscription_billing_attempts/failure"))).toEqual({
      contractGid: "gid://shopify/SubscriptionContract/4645218207", idempotencyKey: "9a453d81-d41d-403e-806f-714dee215ff9",
      orderGid: "gid://shopify/Order/1", errorCode: null, errorMessage: null,
    });
    const failed = { ...shopifyExample("subscription_billing_attempts/failure"), order_id: null, error_code: "INSUFFICIENT_FUNDS", error_message: "Not enough money" };
    expect(billingAttemptFromPayload(failed)).toMatchObject({ orderGid: null, errorCode: "insufficient_funds", errorMessage: "Not enough money" });
  });

  it.each([
    [{ idempotency_key: "" }, "idempotency_key"],
    [{ admin_graphql_api_subscription_contract_id: "gid://shopify/Order/1" }, "SubscriptionContract"],
    [{ error_code: "DROP TABLE;" }, "error_code"],
  ])("refuses %j naming %s", (change, named) => {
    expect(() => billingAttemptFromPayload({ ...shopifyExample("subscription_billing_attempts/failure"), ...change })).toThrow(named);
  });

  it("a payment method change names the method and its customer", () => {
    expect(paymentMethodFromPayload(shopifyExample("customer_payment_methods/update"))).toEqual({
      paymentMethodGid: "gid://shopify/CustomerPaymentMethod/0eccccc666aac73efcd31094ddc4ebf0", customerGid: "gid://shopify/Customer/82850125",
    });
    expect(() => paymentMethodFromPayload({ ...shopifyExample("customer_payment_methods/update"), admin_graphql_api_id: "gid://shopify/Customer/1" })).toThrow(PayloadError);
  });

  it.each(SUBSCRIPTION_TOPICS)("%s: Shopify's example passes the check made before the 200", (topic) => {
    expect(() => checkPayload(topic, shopifyExample(topic), shopifyExampleText(topic))).not.toThrow();
  });

  it("every topic the app handles is subscribed in shopify.app.toml", () => {
    const toml = readFileSync("shopify.app.toml", "utf8");
    for (const topic of SUBSCRIBED_TOPICS) expect(toml, topic).toContain(`"${topic}"`);
  });
});
