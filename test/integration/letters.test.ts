/**
 * A flow's letter step through the running app: the scheduler makes the print task, the letter
 * downloads as a PDF addressed to the customer's postal address, for this shop's staff only.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDb, type Db } from "../../app/db/client";
import { runSchedulerTick } from "../../app/services/followUp/runScheduler";
import { outboxMailer } from "../../app/adapters/email/mailer";
import type { FlowStep } from "../../app/domain/flows";
import { installShop } from "../support/testShop";
import { deliver } from "../support/webhooks";
import { newOrderId, orderPayload } from "../support/orders";
import { adminPage } from "../support/adminRequest";
import { pdfPagesText } from "../support/pdfText";

const baseUrl = inject("baseUrl");
const DOMAIN = "dunly-letters.myshopify.com";
const OTHER = "dunly-letters-other.myshopify.com";
const issuedAt = new Date("2026-10-01T10:00:00Z");
let db: Db;

beforeAll(() => {
  db = createDb(inject("databaseUrl"));
});
afterAll(async () => {
  await db.$disconnect();
});

const FLOW: FlowStep[] = [
  { key: "reminder_1", offsetDays: 1, channel: "email", purpose: "reminder", tone: "friendly", chargesFee: false },
  { key: "letter", offsetDays: 10, channel: "letter", purpose: "final_notice", tone: "firm", chargesFee: true },
];

describe("reminder letters", () => {
  it("a letter step becomes a print task with the letter as a PDF for the customer's address", async () => {
    const { shop } = await installShop(db, DOMAIN);
    await installShop(db, OTHER);
    await db.shop.update({ where: { id: shop.id }, data: { name: "Fietsen Zuid", senderName: "Fietsen Zuid", replyTo: "debiteuren@fietsen-zuid.example", legalProfile: "nl_consumer" } });
    await db.segment.create({ data: { shopId: shop.id, name: "Default", position: 1_000_000, isDefault: true, conditions: "[]", steps: JSON.stringify(FLOW) } });
    const id = newOrderId();
    await deliver(db, baseUrl, "orders/create", orderPayload({
      id, total: "300.00", outstanding: "300.00", financialStatus: "pending", createdAt: issuedAt, updatedAt: issuedAt, customerId: "7701",
    }), { shop: DOMAIN });
    await runSchedulerTick(db, { clock: () => new Date("2026-10-16T11:00:00Z"), mailer: outboxMailer });
    await runSchedulerTick(db, { clock: () => new Date("2026-10-25T11:00:00Z"), mailer: outboxMailer });
    const letter = await db.message.findFirstOrThrow({ where: { shopId: shop.id, stepKey: "letter" }, include: { receivable: true } });
    expect(letter).toMatchObject({ channel: "letter", status: "task" });
    const task = await db.task.findFirstOrThrow({ where: { messageId: letter.id } });
    expect(task.kind).toBe("letter");

    const tasksPage = await (await adminPage(baseUrl, DOMAIN, "/app/tasks")).text();
    expect(tasksPage).toContain(`/app/letters/${letter.id}`);
    // in the merchant's language, whatever the customer's (John Smith reads English)
    expect(tasksPage).toContain(`Print and post the letter for order ${letter.receivable.orderName}`);
    expect(await (await adminPage(baseUrl, DOMAIN, "/app/tasks?locale=nl")).text()).toContain(`Brief voor bestelling ${letter.receivable.orderName} afdrukken en versturen`);
    expect(task.title).toBe(`Print and post the letter for order ${letter.receivable.orderName}`);

    const response = await adminPage(baseUrl, DOMAIN, `/app/letters/${letter.id}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    expect(response.headers.get("content-disposition")).toContain(`letter-${letter.receivable.orderName.slice(1)}-letter.pdf`);
    const [page] = await pdfPagesText(new Uint8Array(await response.arrayBuffer()));
    for (const line of ["Fietsen Zuid", "debiteuren@fietsen-zuid.example", "John Smith", "123 Elm St.", "K2H7A8  Ottawa", "October 25, 2026", letter.subject!]) {
      expect(page).toContain(line);
    }
    // the letter names the collection costs the final notice announces (BIK on 300.00: 45.00)
    expect(page).toMatch(/45\.00/);

    // another shop's staff, an unknown id, or an email message: no letter
    expect((await adminPage(baseUrl, OTHER, `/app/letters/${letter.id}`)).status).toBe(404);
    expect((await adminPage(baseUrl, DOMAIN, "/app/letters/nope")).status).toBe(404);
    const email = await db.message.findFirstOrThrow({ where: { shopId: shop.id, stepKey: "reminder_1" } });
    expect((await adminPage(baseUrl, DOMAIN, `/app/letters/${email.id}`)).status).toBe(404);
  });
});
