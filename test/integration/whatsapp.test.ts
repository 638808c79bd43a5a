/**
 * WhatsApp steps through Twilio's Messages API (the same REST account as SMS): an approved template
 * by Content SID with its variables, sent once; Twilio refusing it (429/5xx) is retried later under
 * the same claim; without a sender or a mobile number, staff call instead. The local server answers
 * like Twilio: form-encoded POST, basic auth, 201 with a sid.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDb, type Db } from "../../app/db/client";
import { runSchedulerTick } from "../../app/services/followUp/runScheduler";
import { outboxMailer } from "../../app/adapters/email/mailer";
import { twilioWhatsApp } from "../../app/adapters/sms/provider";
import { applyOrderSnapshot } from "../../app/services/ledger/ledgerStore";
import { asCurrency, formatMoney } from "../../app/domain/money";
import { flowProblems, type FlowStep } from "../../app/domain/flows";
import { freshDatabaseUrl } from "../support/appServer";

const DAY = 86_400_000;
const now = new Date("2026-11-23T10:00:00Z");
const CONTENT_SID = "HX0123456789abcdef0123456789abcdef";
let db: Db;
let server: Server;
let baseUrl: string;
const received: { auth: string | undefined; form: URLSearchParams }[] = [];
const answers: { status: number; body: Record<string, unknown> }[] = [];

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    received.push({ auth: req.headers.authorization, form: new URLSearchParams(Buffer.concat(chunks).toString()) });
    const answer = answers.shift() ?? { status: 201, body: { sid: `SM${received.length}`, status: "queued" } };
    res.writeHead(answer.status, { "Content-Type": "application/json" });
    res.end(JSON.stringify(answer.body));
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  db = createDb(freshDatabaseUrl("whatsapp", inject("databaseKind")));
});
afterAll(async () => {
  await db.$disconnect();
  await new Promise((done) => server.close(done));
});

const STEP: FlowStep = {
  key: "whatsapp_1", offsetDays: 1, channel: "whatsapp", purpose: "reminder", tone: "friendly", chargesFee: false,
  whatsapp: { contentSid: CONTENT_SID, variables: ["name", "order", "amount", "payUrl"] },
};

async function shopWithWhatsAppFlow(domain: string, phone: string | null) {
  const shop = await db.shop.create({ data: { domain, name: "Fietsen & Zo", currency: "EUR", installedAt: now } });
  await db.segment.create({ data: { shopId: shop.id, name: "Default", position: 1, isDefault: true, steps: JSON.stringify([STEP]) } });
  const customer = await db.customer.create({ data: { shopId: shop.id, gid: `gid://shopify/Customer/${domain.length}`, phone, firstName: "Anna", locale: "nl" } });
  await applyOrderSnapshot(db, shop, {
    orderGid: `gid://shopify/Order/${domain.length}`, orderName: "#9", currency: asCurrency("EUR"), issuedAt: new Date(now.getTime() - 20 * DAY), updatedAt: now,
    totalMinor: 2500, outstandingMinor: 2500, financialStatus: "pending", cancelledAt: null, customerGid: null, paymentTerms: null,
    paymentUrl: "https://fietsen-en-zo.example/pay/9", test: false,
  });
  await db.receivable.updateMany({ where: { shopId: shop.id }, data: { customerId: customer.id } });
  return shop;
}

const whatsapp = () => twilioWhatsApp({ accountSid: "AC123", authToken: "secret", from: "+3197010000000", baseUrl });

describe("WhatsApp steps through Twilio", () => {
  it("a flow refuses a WhatsApp step without an approved template's Content SID", () => {
    expect(flowProblems([{ ...STEP, whatsapp: undefined }])).toEqual([expect.stringContaining("Content SID")]);
    expect(flowProblems([STEP])).toEqual([]);
  });

  it("sends the template with its variables to whatsapp:<number>, once", async () => {
    const shop = await shopWithWhatsAppFlow("dunly-wa.myshopify.com", "+31 6 12345678");
    await runSchedulerTick(db, { clock: () => now, mailer: outboxMailer, whatsapp: whatsapp() });
    await runSchedulerTick(db, { clock: () => new Date(now.getTime() + DAY), mailer: outboxMailer, whatsapp: whatsapp() });
    expect(received).toHaveLength(1);
    const form = received[0].form;
    expect(received[0].auth).toBe(`Basic ${Buffer.from("AC123:secret").toString("base64")}`);
    expect(form.get("To")).toBe("whatsapp:+31612345678");
    expect(form.get("From")).toBe("whatsapp:+3197010000000");
    expect(form.get("ContentSid")).toBe(CONTENT_SID);
    expect(JSON.parse(form.get("ContentVariables")!)).toEqual({ 1: "Anna", 2: "#9", 3: formatMoney(2500, asCurrency("EUR"), "nl"), 4: "https://fietsen-en-zo.example/pay/9" });
    expect(await db.message.findFirstOrThrow({ where: { shopId: shop.id } })).toMatchObject({ status: "sent", providerId: "SM1", channel: "whatsapp" });
  });

  it("Twilio answering 503 is retried after the back-off under the same message; a 400 becomes a call task", async () => {
    const before = received.length;
    answers.push({ status: 503, body: { code: 20503, message: "Service Unavailable" } });
    const shop = await shopWithWhatsAppFlow("dunly-wa-retry.myshopify.com", "+31612345670");
    await runSchedulerTick(db, { clock: () => now, mailer: outboxMailer, whatsapp: whatsapp() });
    const failed = await db.message.findFirstOrThrow({ where: { shopId: shop.id } });
    expect(failed).toMatchObject({ status: "failed", sentAt: null });
    await runSchedulerTick(db, { clock: () => new Date(now.getTime() + 6 * 60_000), mailer: outboxMailer, whatsapp: whatsapp() });
    expect(await db.message.findUniqueOrThrow({ where: { id: failed.id } })).toMatchObject({ status: "sent" });
    expect(received.length - before).toBe(2);
    expect(received.at(-1)!.form.get("ContentSid")).toBe(CONTENT_SID);
    expect(await db.message.count({ where: { shopId: shop.id } })).toBe(1);

    answers.push({ status: 400, body: { code: 63016, message: "Failed to send freeform message because you are outside the allowed window" } });
    const refused = await shopWithWhatsAppFlow("dunly-wa-refused.myshopify.com", "+31612345671");
    await runSchedulerTick(db, { clock: () => now, mailer: outboxMailer, whatsapp: whatsapp() });
    const message = await db.message.findFirstOrThrow({ where: { shopId: refused.id } });
    expect(message).toMatchObject({ status: "failed" });
    expect(await db.task.count({ where: { messageId: message.id } })).toBe(1);
  });

  it("without a WhatsApp sender or a mobile number, staff call instead and nothing is sent", async () => {
    const before = received.length;
    const noSender = await shopWithWhatsAppFlow("dunly-wa-nosender.myshopify.com", "+31612345672");
    await runSchedulerTick(db, { clock: () => now, mailer: outboxMailer });
    const noPhone = await shopWithWhatsAppFlow("dunly-wa-nophone.myshopify.com", null);
    await runSchedulerTick(db, { clock: () => now, mailer: outboxMailer, whatsapp: whatsapp() });
    expect(received.length).toBe(before);
    for (const shop of [noSender, noPhone]) {
      const message = await db.message.findFirstOrThrow({ where: { shopId: shop.id } });
      expect(message).toMatchObject({ status: "task" });
      expect(await db.task.count({ where: { messageId: message.id, kind: "call" } })).toBe(1);
    }
  });
});
