/**
 * Resend's delivery events through the running app: a reminder sent through (a local) Resend
 * bounces; the signed event arrives at /webhooks/resend; staff get a call task and the flow
 * calls instead of mailing the dead address until the customer's email changes.
 */
import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDb, type Db } from "../../app/db/client";
import { runSchedulerTick } from "../../app/services/followUp/runScheduler";
import { resendMailer } from "../../app/adapters/email/mailer";
import { startFakeResend, type FakeResend } from "../support/fakeResend";
import { TEST_RESEND_WEBHOOK_SECRET } from "../support/appServer";
import { installShop } from "../support/testShop";
import { deliver } from "../support/webhooks";
import { newOrderId, orderPayload } from "../support/orders";
import { shopifyExample } from "../support/shopifyExamples";
import { adminPage } from "../support/adminRequest";
import { openDispute } from "../../app/services/disputes/disputes";

const baseUrl = inject("baseUrl");
const DOMAIN = "dunly-bounces.myshopify.com";
const issuedAt = new Date("2026-10-01T10:00:00Z");
let db: Db;
let resend: FakeResend;

beforeAll(async () => {
  db = createDb(inject("databaseUrl"));
  resend = await startFakeResend("re_bounces");
});
afterAll(async () => {
  await resend.close();
  await db.$disconnect();
});

/** Signs the way Resend (Svix) does: HMAC-SHA256 over "id.timestamp.body" with the base64 key after "whsec_". */
function signed(body: string, options: { id?: string; timestamp?: number; secret?: string } = {}) {
  const id = options.id ?? `msg_${Math.random().toString(36).slice(2)}`;
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const key = Buffer.from((options.secret ?? TEST_RESEND_WEBHOOK_SECRET).slice("whsec_".length), "base64");
  const signature = createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64");
  return { "svix-id": id, "svix-timestamp": timestamp, "svix-signature": `v1,${signature}`, "Content-Type": "application/json" };
}

function resendEvent(type: string, emailId: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    type, created_at: "2026-10-18T11:00:05.126Z",
    data: { created_at: "2026-10-18T11:00:00.894719+00:00", email_id: emailId, from: "Fietsen <debiteuren@fietsen.example>", to: ["john@example.com"], subject: "Payment reminder", ...extra },
  });
}

const post = (body: string, headers: Record<string, string>) => fetch(new URL("/webhooks/resend", baseUrl), { method: "POST", body, headers });
const tick = (at: Date) => runSchedulerTick(db, { clock: () => at, mailer: resendMailer({ apiKey: "re_bounces", baseUrl: resend.baseUrl }) });

describe("bounces and spam complaints reported by Resend", () => {
  it("a bounced reminder becomes a call task, later email steps become calls, and a new address resumes email", async () => {
    const { shop } = await installShop(db, DOMAIN);
    const id = newOrderId();
    await deliver(db, baseUrl, "orders/create", orderPayload({
      id, total: "120.00", outstanding: "120.00", financialStatus: "pending", createdAt: issuedAt, updatedAt: issuedAt, customerId: "6601",
    }), { shop: DOMAIN });
    const receivable = await db.receivable.findFirstOrThrow({ where: { shopId: shop.id, orderGid: `gid://shopify/Order/${id}` }, include: { customer: true } });
    // due 15 Oct: reminder 1 goes out on the 16th through Resend
    await tick(new Date("2026-10-16T11:00:00Z"));
    const reminder = await db.message.findFirstOrThrow({ where: { receivableId: receivable.id, stepKey: "reminder_1" } });
    expect(reminder).toMatchObject({ status: "sent", toAddress: receivable.customer!.email });
    const bounced = resendEvent("email.bounced", reminder.providerId!, {
      bounce: { type: "Permanent", subType: "General", message: "The recipient's mail server rejected the address" },
    });

    // forged, tampered, stale or unsigned: refused, nothing changes
    const refusals = [
      await post(bounced, signed(bounced, { secret: `whsec_${Buffer.from("someone else's key").toString("base64")}` })),
      await post(bounced.replace("Permanent", "Transient"), signed(bounced)),
      await post(bounced, signed(bounced, { timestamp: Math.floor(Date.now() / 1000) - 3600 })),
      await post(bounced, { "Content-Type": "application/json" }),
    ];
    expect(refusals.map((r) => r.status)).toEqual([401, 401, 401, 401]);
    expect(await db.message.findUniqueOrThrow({ where: { id: reminder.id } })).toMatchObject({ status: "sent" });
    // a transient bounce or a plain delivery report leaves the address alone
    for (const body of [resendEvent("email.bounced", reminder.providerId!, { bounce: { type: "Transient", subType: "MailboxFull", message: "full" } }), resendEvent("email.delivered", reminder.providerId!)]) {
      expect(await (await post(body, signed(body))).json()).toMatchObject({ ok: true });
    }
    expect(await db.message.findUniqueOrThrow({ where: { id: reminder.id } })).toMatchObject({ status: "sent" });

    const headers = signed(bounced);
    const answer = await post(bounced, headers);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ ok: true, result: "applied" });
    // Resend redelivers the same event: nothing more happens
    expect(await (await post(bounced, headers)).json()).toEqual({ ok: true, result: "already_known" });
    expect(await (await post(resendEvent("email.bounced", "not-one-of-ours"), signed(resendEvent("email.bounced", "not-one-of-ours")))).json())
      .toEqual({ ok: true, result: "unknown_email" });

    expect(await db.message.findUniqueOrThrow({ where: { id: reminder.id } })).toMatchObject({
      status: "bounced", error: "General: The recipient's mail server rejected the address",
    });
    const tasks = await db.task.findMany({ where: { receivableId: receivable.id } });
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ kind: "call", messageId: reminder.id });
    expect(tasks[0].title).toContain(receivable.orderName);
    expect(await db.customer.findUniqueOrThrow({ where: { id: receivable.customerId! } })).toMatchObject({ emailStoppedAddress: receivable.customer!.email });
    // staff see it on the customers screen
    const customers = await (await adminPage(baseUrl, DOMAIN, "/app/customers")).text();
    expect(customers).toContain('data-testid="email-stopped"');
    expect(customers).toContain(`Email stopped: ${receivable.customer!.email}`);
    const timeline = await db.ledgerEvent.findMany({ where: { shopId: shop.id, orderGid: receivable.orderGid, kind: "message" } });
    expect(timeline.map((e) => JSON.parse(e.detail).status)).toContain("bounced");

    // reminder 2 (due + 8) is not mailed to the dead address: a call task instead
    const emailsBefore = resend.emails.length;
    await tick(new Date("2026-10-23T11:00:00Z"));
    const second = await db.message.findFirstOrThrow({ where: { receivableId: receivable.id, stepKey: "reminder_2" } });
    expect(second).toMatchObject({ status: "task" });
    expect(second.error).toContain("is stopped");
    expect(resend.emails.length).toBe(emailsBefore);
    expect(await db.task.count({ where: { receivableId: receivable.id, kind: "call" } })).toBe(2);

    // the customer's address is corrected in Shopify: the final notice is emailed again, to the new address
    const customer = shopifyExample("customers/update");
    await deliver(db, baseUrl, "customers/update", {
      ...customer, id: 6601, admin_graphql_api_id: "gid://shopify/Customer/6601", email: "john.smith@example.net", updated_at: "2026-10-25T09:00:00Z",
    }, { shop: DOMAIN });
    await tick(new Date("2026-10-30T11:00:00Z"));
    const final = await db.message.findFirstOrThrow({ where: { receivableId: receivable.id, stepKey: "final_notice" } });
    expect(final).toMatchObject({ status: "sent", toAddress: "john.smith@example.net" });
    expect(resend.emails.length).toBe(emailsBefore + 1);

    // a spam complaint about the final notice: recorded, and staff call
    const complaint = resendEvent("email.complained", final.providerId!);
    expect(await (await post(complaint, signed(complaint))).json()).toEqual({ ok: true, result: "applied" });
    expect(await db.message.findUniqueOrThrow({ where: { id: final.id } })).toMatchObject({ status: "complained" });
    expect(await db.customer.findUniqueOrThrow({ where: { id: receivable.customerId! } })).toMatchObject({ emailStoppedAddress: "john.smith@example.net" });

    // the customer disputes the order on the customer page: the acknowledgement cannot be emailed, staff get a task to tell them
    const emailsNow = resend.emails.length;
    const mailer = resendMailer({ apiKey: "re_bounces", baseUrl: resend.baseUrl });
    await openDispute(db, { mailer, appUrl: baseUrl, secret: "s" }, {
      shopId: shop.id, receivableId: receivable.id, source: "customer", reason: "damaged", message: "The frame arrived bent",
    }, new Date("2026-11-02T10:00:00Z"));
    expect(resend.emails.length).toBe(emailsNow);
    const ack = await db.message.findFirstOrThrow({ where: { receivableId: receivable.id, purpose: "notice" } });
    expect(ack).toMatchObject({ status: "failed" });
    expect(ack.error).toContain("john.smith@example.net is stopped");
    expect(await db.task.count({ where: { messageId: ack.id, kind: "delivery_failed" } })).toBe(1);
  });
});
