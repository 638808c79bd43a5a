/**
 * A re-plan of a whole shop after its flows or settings changed: the save only asks for it, the
 * scheduler walks every open receivable page by page, writes the dates that moved and none that
 * did not, and a walk cut short or overtaken by a newer save ends with every receivable planned.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDb, type Db } from "../../app/db/client";
import { previewNextStep, runSchedulerTick } from "../../app/services/followUp/runScheduler";
import { requestReplan, walkReplans } from "../../app/services/followUp/replan";
import { loadSegments } from "../../app/services/followUp/segmentsStore";
import { applyOrderSnapshot } from "../../app/services/ledger/ledgerStore";
import { outboxMailer } from "../../app/adapters/email/mailer";
import { asCurrency } from "../../app/domain/money";
import { DEFAULT_FLOW } from "../../app/domain/flows";
import { freshDatabaseUrl } from "../support/appServer";
import { installShop } from "../support/testShop";
import { adminPost } from "../support/adminRequest";

const baseUrl = inject("baseUrl");
const DAY = 86_400_000;
const now = new Date("2026-11-23T10:00:00Z");
const ORDERS = 30;

/** A shop installed with ORDERS open orders on credit, due from 10 days ahead to 19 days ago, all planned once by a tick. */
async function shopWithOpenBook(db: Db, domain: string, firstOrder: number) {
  const { shop } = await installShop(db, domain);
  for (let i = 0; i < ORDERS; i++) {
    const orderGid = `gid://shopify/Order/${firstOrder + i}`;
    await applyOrderSnapshot(db, shop, {
      orderGid, orderName: `#R${firstOrder + i}`, currency: asCurrency("EUR"), issuedAt: new Date(now.getTime() - 30 * DAY), updatedAt: new Date(now.getTime() - 30 * DAY),
      totalMinor: 4000 + i, outstandingMinor: 4000 + i, financialStatus: "pending", cancelledAt: null, customerGid: null, paymentTerms: null, paymentUrl: null, test: false,
    });
    await db.receivable.update({ where: { shopId_orderGid: { shopId: shop.id, orderGid } }, data: { creditSale: true, dueAt: new Date(now.getTime() + (10 - i) * DAY), nextActionAt: now } });
  }
  await loadSegments(db, shop.id); // the default segment and flow
  await runSchedulerTick(db, { clock: () => now, mailer: outboxMailer, batchSize: 7 });
  return shop;
}

/** Other files tick this shared database with clocks of their own: a story's book rests when it ends. */
async function rest(db: Db, shopId: string) {
  await db.receivable.updateMany({ where: { shopId }, data: { nextActionAt: null } });
  await db.$disconnect();
}

const plansOf = async (db: Db, shopId: string) => new Map((await db.receivable.findMany({ where: { shopId, status: "open" }, select: { id: true, nextActionAt: true } }))
  .map((r) => [r.id, r.nextActionAt?.getTime() ?? null]));

/** The flow with reminder 2 two days later: only the orders waiting for it get a new date. */
const laterReminder2 = DEFAULT_FLOW.map((step) => (step.key === "reminder_2" ? { ...step, offsetDays: step.offsetDays + 2 } : step));

describe("a re-plan after a flow changed", () => {
  it("saving a flow in the segment editor writes no order; the next tick plans every open order by the new flow", async () => {
    const db = createDb(inject("databaseUrl"));
    const domain = "dunly-replan.myshopify.com";
    const shop = await shopWithOpenBook(db, domain, 7_700_000);
    const before = await plansOf(db, shop.id);
    const defaultSegment = await db.segment.findFirstOrThrow({ where: { shopId: shop.id, isDefault: true } });

    const saved = await adminPost(baseUrl, domain, "/app/segments?_data=routes%2Fapp.segments", { payload: JSON.stringify({
      id: defaultSegment.id, name: defaultSegment.name, riskLevels: [], company: "any", kind: "any", countries: "", tag: "", minOrderValue: "", maxOrderValue: "", steps: laterReminder2,
    }) });
    expect(saved.status).toBe(200);
    expect(await plansOf(db, shop.id)).toEqual(before);
    const asked = await db.shop.findUniqueOrThrow({ where: { id: shop.id } });
    expect(asked.replanRequested).toBe(asked.replanWalked + 1);

    await runSchedulerTick(db, { clock: () => now, mailer: outboxMailer, batchSize: 7 });
    const after = await plansOf(db, shop.id);
    const moved = [...after].filter(([id, at]) => at !== before.get(id));
    // the orders waiting for reminder 2 wait longer; the others keep their dates
    expect(moved.length).toBeGreaterThan(0);
    expect(moved.length).toBeLessThan(after.size);
    for (const [id, at] of moved) expect(at!).toBeGreaterThan(before.get(id)!);
    for (const id of after.keys()) {
      const plan = await previewNextStep(db, shop.id, id, now);
      expect(plan?.kind === "wait" ? plan.until.getTime() : null).toBe(after.get(id));
    }
    const walked = await db.shop.findUniqueOrThrow({ where: { id: shop.id } });
    expect(walked).toMatchObject({ replanWalked: asked.replanRequested, replanCursorId: null });
    await rest(db, shop.id);
  });
});

describe("a re-plan after the settings changed", () => {
  it("a save that changes nothing asks for none; new quiet hours are planned for every open order in the next tick", async () => {
    const db = createDb(inject("databaseUrl"));
    const domain = "dunly-replan-settings.myshopify.com";
    const shop = await shopWithOpenBook(db, domain, 7_900_000);
    const SETTINGS = "/app/settings?_data=routes%2Fapp.settings";
    const values = {
      legalProfile: "nl_consumer", defaultTermDays: "14", timeZone: "Europe/Amsterdam", quietHoursStart: "21", quietHoursEnd: "8", minGapHours: "48",
      senderName: "Replan", senderEmail: "", replyTo: "", logoUrl: "", brandColor: "#1f6f50", arrangementMaxInstalments: "6", arrangementMinInstalment: "25.00",
      arrangementMaxDays: "180", arrangementGraceDays: "5", disputeSlaHours: "48", riskMediumAverageDaysLate: "7", riskHighAverageDaysLate: "30",
      riskHighWorstDaysLate: "60", alertDigestEmail: "", promiseMaxDays: "14", groupReminders: "on", iban: "", accountHolder: "",
    };
    const asked = async () => (await db.shop.findUniqueOrThrow({ where: { id: shop.id } })).replanRequested;

    // the sender's name is new (it changes no plan, but every change asks: one list of what plans read is one more thing to forget)
    expect((await adminPost(baseUrl, domain, SETTINGS, values)).status).toBe(200);
    expect(await asked()).toBe(1);
    await runSchedulerTick(db, { clock: () => now, mailer: outboxMailer, batchSize: 7 });
    expect((await adminPost(baseUrl, domain, SETTINGS, values)).status).toBe(200);
    expect(await asked()).toBe(1);

    // quiet from 21:00 to 12:00 Amsterdam time: every step waits until noon
    expect((await adminPost(baseUrl, domain, SETTINGS, { ...values, quietHoursEnd: "12" })).status).toBe(200);
    expect(await asked()).toBe(2);
    await runSchedulerTick(db, { clock: () => now, mailer: outboxMailer, batchSize: 7 });
    const plans = [...(await plansOf(db, shop.id)).values()].filter((at): at is number => at !== null);
    expect(plans.length).toBeGreaterThan(0);
    const localHour = (at: number) => Number(new Intl.DateTimeFormat("en-GB", { timeZone: values.timeZone, hour: "2-digit", hourCycle: "h23" }).format(at));
    for (const at of plans) expect(localHour(at)).toBeGreaterThanOrEqual(12);
    await rest(db, shop.id);
  });
});

describe("walking a re-plan", () => {
  let db: Db;
  let shop: Awaited<ReturnType<typeof installShop>>["shop"];

  beforeAll(async () => {
    db = createDb(freshDatabaseUrl("replan-walk", inject("databaseKind")));
    shop = await shopWithOpenBook(db, "dunly-replan-walk.myshopify.com", 7_800_000);
  }, 60_000);
  afterAll(async () => {
    await db.$disconnect();
  });

  it("writes only the dates that moved: none when nothing changed, the moved ones after a flow change", async () => {
    const open = (await plansOf(db, shop.id)).size;
    await requestReplan(db, shop.id);
    const unchanged = await runSchedulerTick(db, { clock: () => now, mailer: outboxMailer, batchSize: 7 });
    expect(unchanged).toMatchObject({ planned: open, datesMoved: 0, sent: 0 });

    const before = await plansOf(db, shop.id);
    await db.segment.updateMany({ where: { shopId: shop.id, isDefault: true }, data: { steps: JSON.stringify(laterReminder2) } });
    await requestReplan(db, shop.id);
    const changed = await runSchedulerTick(db, { clock: () => now, mailer: outboxMailer, batchSize: 7 });
    const moved = [...(await plansOf(db, shop.id))].filter(([id, at]) => at !== before.get(id)).length;
    expect(moved).toBeGreaterThan(0);
    expect(changed).toMatchObject({ planned: open, datesMoved: moved });
    expect(await runSchedulerTick(db, { clock: () => now, mailer: outboxMailer, batchSize: 7 })).toMatchObject({ planned: 0, datesMoved: 0 });
  });

  it("a save during a walk starts it over; a walk cut short goes on from its cursor", async () => {
    const open = (await plansOf(db, shop.id)).size;
    const seen: string[] = [];
    await requestReplan(db, shop.id);
    // the second page is planned but its plans never land (the database went away): the cursor
    // passed the first page only, once the second was planned and the first's plans written
    const landings: string[] = [];
    await expect(walkReplans(db, 7, () => async (page) => {
      seen.push(...page.map((r) => r.id));
      const landed = seen.length === 14 ? Promise.reject(new Error("write failed")) : Promise.resolve().then(() => void landings.push(page[0].id));
      landed.catch(() => undefined);
      return { landed };
    })).rejects.toThrow("write failed");
    expect(seen).toHaveLength(21);
    expect(landings).toHaveLength(2);
    expect(await db.shop.findUniqueOrThrow({ where: { id: shop.id } })).toMatchObject({ replanCursorId: seen[6] });

    // the next walk goes on after the cursor (the second page again: its plans never landed); a
    // save during its first page starts it over once the cursor would pass that page (after the
    // next page is planned), with a planner of its own (one that reads the flows and settings again)
    const resumed: string[][] = [];
    let planners = 0;
    await walkReplans(db, 7, () => {
      planners += 1;
      return async (page) => {
        resumed.push(page.map((r) => r.id));
        if (resumed.length === 1) await requestReplan(db, shop.id);
        return { landed: Promise.resolve() };
      };
    });
    expect(planners).toBe(2);
    expect(resumed[0]).toEqual(seen.slice(7, 14));
    const afterRestart = resumed.slice(2).flat();
    expect(afterRestart).toHaveLength(open);
    expect(new Set(afterRestart).size).toBe(open);
    const done = await db.shop.findUniqueOrThrow({ where: { id: shop.id } });
    expect(done.replanWalked).toBe(done.replanRequested);
  });

  it("a shop that uninstalled the app is not walked", async () => {
    await requestReplan(db, shop.id);
    await db.shop.update({ where: { id: shop.id }, data: { uninstalledAt: now } });
    let pages = 0;
    await walkReplans(db, 7, () => async () => {
      pages += 1;
      return { landed: Promise.resolve() };
    });
    expect(pages).toBe(0);
    await db.shop.update({ where: { id: shop.id }, data: { uninstalledAt: null } });
  });
});
