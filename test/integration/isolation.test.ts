/**
 * Data isolation: two shops with full books (receivables, customers, messages, tasks, disputes,
 * arrangements, segments) on one app. Every admin page and export, requested the way Shopify
 * admin requests it (session token for one shop), shows that shop's data and never the other's;
 * the other shop's records cannot be read or changed by id.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { fitAndScoreShop } from "../../app/services/insight/latePrediction";
import { createDb, type Db } from "../../app/db/client";
import { seedDemo } from "../../app/demo/seedDemo";
import { runSchedulerTick } from "../../app/services/followUp/runScheduler";
import { outboxMailer } from "../../app/adapters/email/mailer";
import { openDispute } from "../../app/services/disputes/disputes";
import { proposeArrangement } from "../../app/services/arrangements/arrangements";
import { EXPORTS } from "../../app/services/insight/reports";
import { closeFollowUp } from "../../app/services/ledger/receivableDetail";
import { installShop } from "../support/testShop";
import { adminPage, adminPost } from "../support/adminRequest";

const baseUrl = inject("baseUrl");
const SHOPS = { ALPHA: "dunly-iso-alpha.myshopify.com", BRAVO: "dunly-iso-bravo.myshopify.com" } as const;
type Marker = keyof typeof SHOPS;
const PAGES = [
  "/app", "/app/receivables", "/app/receivables?filter=overdue", "/app/customers", "/app/messages", "/app/disputes",
  "/app/arrangements", "/app/tasks", "/app/segments", "/app/reports", "/app/settings", "/app/worklist",
];
let db: Db;
const shopIds = {} as Record<Marker, string>;
const sample = {} as Record<Marker, { receivableId: string; customerId: string; outstandingMinor: bigint; pausedUntil: Date | null; notes: number }>;

/** Every order name, customer, segment and message of a shop carries its marker, so a leak shows. */
async function seedMarked(marker: Marker, seed: number) {
  const now = new Date();
  await installShop(db, SHOPS[marker]);
  const { shop } = await seedDemo(db, { now, customers: 12, orders: 60, seed, shopDomain: SHOPS[marker] });
  shopIds[marker] = shop.id;
  await db.shop.update({ where: { id: shop.id }, data: { name: `${marker} Fietsen`, senderName: `${marker} Fietsen` } });
  await db.$executeRaw`UPDATE "Receivable" SET "orderName" = ${`#${marker}-`} || "orderName" WHERE "shopId" = ${shop.id}`;
  await db.$executeRaw`UPDATE "Customer" SET "firstName" = ${`${marker}-`} || COALESCE("firstName", ''), "email" = ${`${marker.toLowerCase()}.`} || "email" WHERE "shopId" = ${shop.id}`;
  await db.segment.create({ data: { shopId: shop.id, name: `${marker} VIP`, position: 0, conditions: "[]", steps: "[]" } });
  await runSchedulerTick(db, { clock: () => now, mailer: outboxMailer });
  const open = await db.receivable.findMany({ where: { shopId: shop.id, status: "open", workflowState: null }, orderBy: { id: "asc" }, take: 4 });
  await openDispute(db, null, { shopId: shop.id, receivableId: open[0].id, source: "staff", reason: "damaged", message: `${marker} says the bike was damaged` }, now);
  await proposeArrangement(db, null, { shopId: shop.id, receivableId: open[1].id, source: "staff", instalments: 2, intervalDays: 14, firstDueAt: new Date(now.getTime() + 7 * 86_400_000) }, now);
  await closeFollowUp(db, shop.id, open[3].id, "handed_over", `${marker} case for the agency`, now);
  await fitAndScoreShop(db, shop.id, now);
  const target = await db.receivable.findUniqueOrThrow({ where: { id: open[2].id } });
  sample[marker] = { receivableId: target.id, customerId: target.customerId!, outstandingMinor: target.outstandingMinor, pausedUntil: target.pausedUntil, notes: await db.ledgerEvent.count({ where: { shopId: shop.id, kind: "note" } }) };
}

beforeAll(async () => {
  db = createDb(inject("databaseUrl"));
  await seedMarked("ALPHA", 11);
  await seedMarked("BRAVO", 12);
}, 180_000);
afterAll(async () => {
  await db.$disconnect();
});

const other = (marker: Marker): Marker => (marker === "ALPHA" ? "BRAVO" : "ALPHA");

describe.each(["ALPHA", "BRAVO"] as const)("signed in to the %s shop", (marker) => {
  it.each(PAGES)("%s shows this shop's data and nothing of the other shop", async (path) => {
    const response = await adminPage(baseUrl, SHOPS[marker], path);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain(marker); // the page (or its loader data) shows this shop
    expect(html).not.toContain(other(marker));
  });

  it.each(EXPORTS.flatMap((table) => [table, `${table}.json`]))("the %s export holds this shop's rows only", async (table) => {
    const response = await adminPage(baseUrl, SHOPS[marker], `/app/export/${table}`);
    expect(response.status).toBe(200);
    const csv = await response.text();
    if (table.endsWith(".json")) expect(JSON.parse(csv)).toBeTypeOf("object");
    else expect(csv.split("\n").length).toBeGreaterThan(1);
    expect(csv).not.toContain(other(marker));
    expect(csv).not.toContain(other(marker).toLowerCase());
  });

  it("the agency's hand-over file holds this shop's case only", async () => {
    const file = await (await adminPage(baseUrl, SHOPS[marker], "/app/export/handover.json")).json();
    expect(file.cases.map((c: { handOverNote: string }) => c.handOverNote)).toEqual([`${marker} case for the agency`]);
    expect(JSON.stringify(file)).not.toContain(other(marker));
  });

  it("searching for the other shop's orders finds nothing", async () => {
    const html = await (await adminPage(baseUrl, SHOPS[marker], `/app/receivables?q=${other(marker)}`)).text();
    expect(html).not.toContain(`#${other(marker)}-`);
  });

  it("the other shop's order page is a 404, and its order cannot be changed by id", async () => {
    const foreign = sample[other(marker)];
    expect((await adminPage(baseUrl, SHOPS[marker], `/app/receivables/${foreign.receivableId}`)).status).toBe(404);
    const attempts: Record<string, string>[] = [
      { intent: "pause", until: "2027-01-31", reason: "cross-shop" },
      { intent: "note", note: "cross-shop note" },
      { intent: "written_off", note: "cross-shop" },
      { intent: "send_now" },
    ];
    for (const fields of attempts) {
      const response = await adminPost(baseUrl, SHOPS[marker], `/app/receivables/${foreign.receivableId}?_data=routes%2Fapp.receivables_.%24id`, fields);
      expect(response.status, JSON.stringify(fields)).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
    }
    const after = await db.receivable.findUniqueOrThrow({ where: { id: foreign.receivableId } });
    expect(after).toMatchObject({ outstandingMinor: foreign.outstandingMinor, pausedUntil: foreign.pausedUntil, workflowState: null, sendNextNow: false });
    expect(await db.ledgerEvent.count({ where: { shopId: shopIds[other(marker)], kind: "note" } })).toBe(foreign.notes);
  });

  it("its own customer page shows this shop's customer; the other shop's is a 404 and cannot be paused by id", async () => {
    const own = await adminPage(baseUrl, SHOPS[marker], `/app/customers/${sample[marker].customerId}`);
    expect(own.status).toBe(200);
    const html = await own.text();
    expect(html).toContain(`${marker}-`);
    expect(html).not.toContain(other(marker));
    const foreign = sample[other(marker)].customerId;
    expect((await adminPage(baseUrl, SHOPS[marker], `/app/customers/${foreign}`)).status).toBe(404);
    const attempts: Record<string, string>[] = [{ intent: "pause", until: "2027-01-31", reason: "cross-shop" }, { intent: "resume" }, { intent: "screen", vatNumber: "NL810462215B01" }, { intent: "use_advised_limit" }];
    for (const fields of attempts) {
      const response = await adminPost(baseUrl, SHOPS[marker], `/app/customers/${foreign}?_data=routes%2Fapp.customers_.%24id`, fields);
      expect(response.status, JSON.stringify(fields)).toBe(400);
    }
    expect((await db.customer.findUniqueOrThrow({ where: { id: foreign } })).reminderPausedUntil).toBeNull();
    const mine = `/app/customers/${sample[marker].customerId}?_data=routes%2Fapp.customers_.%24id`;
    expect((await adminPost(baseUrl, SHOPS[marker], mine, { intent: "explode" })).status).toBe(400);
    const paused = await adminPost(baseUrl, SHOPS[marker], mine, { intent: "pause", until: "2099-01-31", reason: "too far" });
    expect(paused.status).toBe(400);
    expect(await paused.text()).toMatch(/at most/);
    // the merchant reads why in their language on the page drawn after the refused post
    const dutch = await adminPost(baseUrl, SHOPS[marker], `/app/customers/${sample[marker].customerId}?locale=nl`, { intent: "pause", until: "2099-01-31", reason: "too far" });
    expect(dutch.status).toBe(400);
    expect(await dutch.text()).toContain("een pauze duurt hoogstens 366 dagen");
    // a VAT number no member state issues is refused before VIES is asked
    const vat = await adminPost(baseUrl, SHOPS[marker], mine, { intent: "screen", vatNumber: "US123456789" });
    expect(vat.status).toBe(400);
    expect(await vat.text()).toMatch(/EU country code/);
    expect((await db.customer.findUniqueOrThrow({ where: { id: foreign } })).vatNumber).toBeNull();
  });
});
