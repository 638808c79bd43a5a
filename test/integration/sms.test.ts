import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDb, type Db } from "../../app/db/client";
import { runSchedulerTick } from "../../app/services/followUp/runScheduler";
import { outboxMailer } from "../../app/adapters/email/mailer";
import { twilioProvider } from "../../app/adapters/sms/provider";
import { applyOrderSnapshot } from "../../app/services/ledger/ledgerStore";
import { asCurrency } from "../../app/domain/money";
import type { FlowStep } from "../../app/domain/flows";
import { freshDatabaseUrl } from "../support/appServer";

const DAY = 86_400_000;
const now = new Date("2026-11-23T10:00:00Z");
let db: Db;
let server: Server;
let baseUrl: string;
const received: { auth: string | undefined; form: URLSearchParams; path: string }[] = [];
let answer = { status: 201, body: { sid: "SM0001" } as Record<string, unknown> };

/** Answers like Twilio's Messages resource: form-encoded POST, basic auth, 201 with a sid. */
beforeAll(async () => {
  server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    received.push({ auth: req.headers.authorization, form: new URLSearchParams(Buffer.concat(chunks).toString()), path: req.url ?? "" });
    res.writeHead(answer.status, { "Content-Type": "application/json" });
    res.end(JSON.stringify(answer.body));
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  db = createDb(freshDatabaseUrl("sms", inject("databaseKind")));
});
afterAll(async () => {
  await db.$disconnect();
  await new Promise((done) => server.close(done));
});

async function shopWithSmsFlow(domain: string, phone: string | null) {
  const shop = await db.shop.create({ data: { domain, name: "Fietsen & Zo", currency: "EUR", installedAt: now } });
  const steps: FlowStep[] = [{ key: "sms_1", offsetDays: 1, channel: "sms", purpose: "reminder", tone: "friendly", chargesFee: false }];
  await db.segment.create({ data: { shopId: shop.id, name: "Default", position: 1, isDefault: true, steps: JSON.stringify(steps) } });
  const customer = await db.customer.create({ data: { shopId: shop.id, gid: "gid://shopify/Customer/9", phone, locale: "nl" } });
  await applyOrderSnapshot(db, shop, {
    orderGid: "gid://shopify/Order/9", orderName: "#9", currency: asCurrency("EUR"), issuedAt: new Date(now.getTime() - 20 * DAY), updatedAt: now,
    totalMinor: 2500, outstandingMinor: 2500, financialStatus: "pending", cancelledAt: null, customerGid: null, paymentTerms: null,
    paymentUrl: "https://fietsen-en-zo.example/pay/9", test: false,
  });
  await db.receivable.updateMany({ where: { shopId: shop.id }, data: { customerId: customer.id } });
  return shop;
}

describe("SMS steps through Twilio's API", () => {
  it("sends the text with the payment link to the customer's mobile number", async () => {
    const shop = await shopWithSmsFlow("dunly-sms.myshopify.com", "+31 6 12345678");
    const sms = twilioProvider({ accountSid: "AC123", authToken: "secret", from: "+3197010000000", baseUrl });
    await runSchedulerTick(db, { clock: () => now, mailer: outboxMailer, sms });
    expect(received).toHaveLength(1);
    expect(received[0].path).toBe("/2010-04-01/Accounts/AC123/Messages.json");
    expect(received[0].auth).toBe(`Basic ${Buffer.from("AC123:secret").toString("base64")}`);
    expect(received[0].form.get("To")).toBe("+31612345678");
    expect(received[0].form.get("Body")).toContain("https://fietsen-en-zo.example/pay/9");
    expect(received[0].form.get("Body")).toContain("bestelling #9");
    expect(await db.message.findFirstOrThrow({ where: { shopId: shop.id } })).toMatchObject({ status: "sent", providerId: "SM0001", channel: "sms" });
  });

  it("a refused text becomes a call task; without a number no request is made", async () => {
    answer = { status: 400, body: { code: 21211, message: "The 'To' number is not a valid phone number." } };
    const refused = await shopWithSmsFlow("dunly-sms-refused.myshopify.com", "+31612345679");
    const sms = twilioProvider({ accountSid: "AC123", authToken: "secret", from: "+3197010000000", baseUrl });
    await runSchedulerTick(db, { clock: () => now, mailer: outboxMailer, sms });
    const message = await db.message.findFirstOrThrow({ where: { shopId: refused.id } });
    expect(message).toMatchObject({ status: "failed", error: "Twilio 400: The 'To' number is not a valid phone number." });
    expect(await db.task.count({ where: { messageId: message.id } })).toBe(1);

    const before = received.length;
    const noPhone = await shopWithSmsFlow("dunly-sms-nophone.myshopify.com", null);
    await runSchedulerTick(db, { clock: () => now, mailer: outboxMailer, sms });
    expect(received.length).toBe(before);
    expect(await db.message.findFirstOrThrow({ where: { shopId: noPhone.id } })).toMatchObject({ status: "task" });
  });
});
