import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { demoHistory, DEMO_SIZE } from "../../app/demo/demoHistory";
import { demoScreenedCustomers } from "../../app/demo/demoScreening";
import { orderSnapshotFromPayload } from "../../app/adapters/shopify/payloads";
import { historyFacts } from "../support/historyFacts";
import { deriveReceivable, isCreditSale } from "../../app/domain/ledger";
import { agingReport, AGING_BUCKETS } from "../../app/domain/aging";
import { behaviourProfile, type ReceivableHistory } from "../../app/domain/risk";
import { dailySales, dsoCountback } from "../../app/domain/dso";
import { formatMoney, asCurrency } from "../../app/domain/money";
import { launchChromium, SCREENSHOTS } from "../support/browser";
import { createDb } from "../../app/db/client";
import { DEMO_NOW } from "../support/demoServerSetup";
import { demoRenewalBook } from "../../app/demo/demoRenewalStories";
import { stepName } from "../../app/ui/stepNames";
import { translator } from "../../app/i18n";

const baseUrl = inject("baseUrl");
const now = new Date(DEMO_NOW);
const EUR = asCurrency("EUR");
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];

/** The expected book, computed in memory from the generator: independent of the app's SQL. */
function expectedBook() {
  const book = demoHistory({ now, ...DEMO_SIZE });
  const facts = historyFacts(book);
  const openOrders = book.orders
    .map((o) => orderSnapshotFromPayload(o))
    .filter(isCreditSale)
    .map((s) => deriveReceivable(s, facts.filter((f) => f.orderGid === s.orderGid), 14))
    .filter((r) => r.status === "open");
  // the coffee subscriptions' failed renewals are receivables too
  const renewals = demoRenewalBook(now);
  const open = [...openOrders, ...renewals.filter((r) => r.status === "open").map((r) => ({ dueAt: r.dueAt, outstandingMinor: r.totalMinor }))];
  // a sale on credit once any copy of the order showed it unpaid: every order arrived unpaid first
  const firstSeen = new Set(book.events.flatMap((e) => (e.kind === "order" && isCreditSale(orderSnapshotFromPayload(e.order)) ? [e.order.admin_graphql_api_id] : [])));
  const credit = book.orders.map((o) => orderSnapshotFromPayload(o)).filter((s) => (isCreditSale(s) || firstSeen.has(s.orderGid)) && !s.cancelledAt)
    .map((s) => ({ issuedAt: s.issuedAt, amountMinor: s.totalMinor }))
    .concat(renewals.filter((r) => r.status !== "cancelled").map((r) => ({ issuedAt: r.issuedAt, amountMinor: r.totalMinor })));
  const outstanding = open.reduce((n, r) => n + r.outstandingMinor, 0);
  const dso = dsoCountback(outstanding, dailySales(credit, now, 365));
  const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const inMonth = (at: Date | null) => at !== null && at >= monthStart && at <= now;
  const collected = facts.filter((f) => inMonth(f.occurredAt)).reduce((n, f) => n + f.amountMinor, 0)
    + renewals.filter((r) => inMonth(r.paidAt)).reduce((n, r) => n + r.totalMinor, 0);
  return { open, aging: agingReport(open, now), dso, collected };
}

beforeAll(async () => {
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));
  page.on("response", (r) => r.status() >= 400 && consoleErrors.push(`${r.status()} ${r.url()}`));
});

afterAll(async () => {
  await browser?.close();
});

describe("demo mode in Chromium", () => {
  it("the demo login opens the dashboard with the seeded book's numbers", async () => {
    await page.goto(`${baseUrl}/demo`);
    await page.waitForSelector('[data-testid="metric-outstanding"]');
    const { open, aging } = expectedBook();
    const outstanding = open.reduce((n, r) => n + r.outstandingMinor, 0);
    const overdue = AGING_BUCKETS.filter((b) => b !== "not_due").reduce((n, b) => n + aging[b].outstandingMinor, 0);
    expect(open.length).toBeGreaterThan(100);
    expect(await page.textContent('[data-testid="metric-outstanding"]')).toContain(formatMoney(outstanding, EUR, "en"));
    expect(await page.textContent('[data-testid="metric-outstanding"]')).toContain(`${open.length} open receivables`);
    expect(await page.textContent('[data-testid="metric-overdue"]')).toContain(formatMoney(overdue, EUR, "en"));
    expect(await page.textContent('[data-testid="metric-customers"]')).toContain(String(DEMO_SIZE.customers));
    for (const bucket of AGING_BUCKETS) {
      expect(aging[bucket].count).toBeGreaterThan(0); // the seed fills every aging bucket
      const row = await page.textContent(`[data-testid="aging-${bucket}"]`);
      expect(row).toContain(`· ${aging[bucket].count}`);
      expect(row).toContain(formatMoney(aging[bucket].outstandingMinor, EUR, "en"));
    }
    const overdueCount = AGING_BUCKETS.filter((b) => b !== "not_due").reduce((n, b) => n + aging[b].count, 0);
    expect(await page.locator('[data-testid="overdue-trend"] [role="img"]').last().getAttribute("aria-label")).toBe(`now: ${overdueCount}`);
    const { dso, collected } = expectedBook();
    expect(dso).not.toBeNull();
    expect(await page.textContent('[data-testid="metric-dso"]')).toContain(`${dso} days`);
    expect(collected).toBeGreaterThan(0);
    expect(await page.textContent('[data-testid="metric-collected"]')).toContain(formatMoney(collected, EUR, "en"));
    await page.screenshot({ path: `${SCREENSHOTS}/dashboard.png`, fullPage: true });
  });

  it("the receivables list filters overdue receivables and pages", async () => {
    const { aging } = expectedBook();
    const overdueCount = AGING_BUCKETS.filter((b) => b !== "not_due").reduce((n, b) => n + aging[b].count, 0);
    await page.click("text=Receivables");
    await page.waitForSelector(".Polaris-IndexTable");
    await page.click("#filter-overdue");
    await page.waitForURL(/filter=overdue/);
    await page.waitForSelector(`text=${overdueCount} receivables`);
    const badges = await page.locator(".Polaris-IndexTable__TableRow .Polaris-Badge").allTextContents();
    expect(badges).toHaveLength(Math.min(50, overdueCount));
    // Polaris prefixes the badge with its tone for screen readers ("Critical")
    expect(new Set(badges.map((b) => b.replace(/^Critical/, "")))).toEqual(new Set(["Overdue"]));
    await page.screenshot({ path: `${SCREENSHOTS}/receivables-overdue.png`, fullPage: true });
    const firstOrder = () => page.locator(".Polaris-IndexTable__TableRow").first().locator("button").first().textContent();
    const onFirstPage = await firstOrder();
    // pages by keyset: the next page starts after the last row shown, the previous one before the first
    await page.click('button[aria-label="Next"], #nextURL');
    await page.waitForURL(/cursor=a\./);
    await expect.poll(firstOrder).not.toBe(onFirstPage);
    expect(await page.locator(".Polaris-IndexTable__TableRow").count()).toBeGreaterThan(0);
    await page.click('button[aria-label="Previous"], #previousURL');
    await page.waitForURL(/cursor=b\./);
    await expect.poll(firstOrder).toBe(onFirstPage);
  });

  it("texts follow the merchant's language", async () => {
    await page.goto(`${baseUrl}/app?locale=nl`);
    await page.waitForSelector("text=Kredietoverzicht");
    expect(await page.textContent('[data-testid="metric-outstanding"]')).toContain("Openstaand");
    await page.screenshot({ path: `${SCREENSHOTS}/dashboard-nl.png`, fullPage: true });
  });

  it("no page logged a browser error", () => {
    expect(consoleErrors, consoleErrors.join("\n")).toEqual([]);
  });

  it("an unknown filter is a clear 400, not a crash", async () => {
    const response = await page.goto(`${baseUrl}/app/receivables?filter=everything`);
    expect(response?.status()).toBe(400);
    expect(await page.textContent('[role="alert"]')).toContain('Unknown filter "everything"');
  });
});

describe("a new merchant walks six months of history", () => {
  it("dashboard → most overdue customer → their grouped reminder → pause → disputes → arrangements → bank → hand-over file → whom to call → reports → settings in Dutch", async () => {
    const db = createDb(inject("databaseUrl"));
    await page.goto(`${baseUrl}/app`);
    expect(await page.textContent('[data-testid="demo-book-date"]')).toBe("The book is set to November 23, 2026: six months of the shop's history, played day by day through the app.");
    await page.screenshot({ path: `${SCREENSHOTS}/walk-1-dashboard.png`, fullPage: true });

    // the customer who owes the most overdue money, found from the customers list
    const book = await db.receivable.findMany({ where: { creditSale: true, customerId: { not: null } }, select: { customerId: true, dueAt: true, paidAt: true, status: true, outstandingMinor: true } });
    const rows = new Map<string, ReceivableHistory[]>();
    for (const r of book) rows.set(r.customerId!, [...(rows.get(r.customerId!) ?? []), { ...r, status: r.status as "open", outstandingMinor: Number(r.outstandingMinor) }]);
    const [customerId, overdueMinor] = [...rows].map(([id, history]) => [id, behaviourProfile(history, 0, 0, now, 0).overdueMinor] as const)
      .sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))[0];
    const customer = await db.customer.findUniqueOrThrow({ where: { id: customerId } });
    await page.goto(`${baseUrl}/app/customers?q=${encodeURIComponent(customer.email!)}`);
    await page.locator('[data-testid="customer-row"] a').first().click();
    await page.waitForURL(new RegExp(`/app/customers/${customerId}`));
    await page.waitForSelector('[data-testid="customer-timeline"]');
    expect(await page.textContent('[data-testid="customer-overdue"]')).toContain(formatMoney(overdueMinor, EUR, "en"));
    const openOrders = await db.receivable.findMany({ where: { customerId, status: "open", creditSale: true }, orderBy: [{ dueAt: "asc" }, { id: "asc" }], take: 10 });
    for (const order of openOrders) expect(await page.textContent('[data-testid="customer-orders"]')).toContain(order.orderName);
    const forecast = await db.paymentForecast.findFirst({ where: { receivableId: { in: openOrders.map((o) => o.id) } } });
    if (forecast) expect(await page.textContent('[data-testid="customer-orders"]')).toContain(`forecast: ${Math.round(forecast.lateProbability * 100)}% chance of paying late`);
    // months of reminders across the customer's orders, newest first
    expect(await page.textContent('[data-testid="customer-timeline"]')).toMatch(/(Before the due date|Reminder \d|Final notice) by email: Outbox/);
    await page.screenshot({ path: `${SCREENSHOTS}/walk-2-most-overdue-customer.png`, fullPage: true });

    // their oldest order has been followed up for months, and its timeline shows it
    const oldest = openOrders[0];
    const reminders = await db.message.findMany({ where: { receivableId: oldest.id, purpose: { not: "notice" }, sentAt: { not: null } }, orderBy: { sentAt: "asc" } });
    expect(reminders.length).toBeGreaterThan(0);
    await page.locator('[data-testid="customer-orders"] a', { hasText: oldest.orderName }).click();
    await page.waitForURL(new RegExp(`/app/receivables/${oldest.id}`));
    expect(await page.textContent(".Polaris-Page")).toContain(`${stepName(reminders[0].stepKey, translator("en"))} by email`);
    await page.screenshot({ path: `${SCREENSHOTS}/walk-3-oldest-order.png`, fullPage: true });
    // an order whose customer promised a date and did not keep it shows both on its timeline
    const promised = await db.paymentPromise.findFirstOrThrow({ where: { status: "broken" }, include: { receivable: true } });
    await page.goto(`${baseUrl}/app/receivables/${promised.receivableId}`);
    await page.waitForSelector(`text=${promised.receivable.orderName}`);
    expect(await page.textContent(".Polaris-Page")).toMatch(/Promise/);

    // a customer who owed several orders at once got one reminder about all of them
    const joined = await db.message.findFirstOrThrow({ where: { groupedInto: { not: null }, status: "outbox" }, orderBy: { sentAt: "desc" } });
    const lead = await db.message.findUniqueOrThrow({ where: { id: joined.groupedInto! }, include: { receivable: true } });
    await page.goto(`${baseUrl}/app/messages?id=${lead.id}`);
    const preview = page.frameLocator('[data-testid="message-preview"]');
    await expect.poll(async () => preview.locator("body").textContent(), { timeout: 10_000 }).toContain(lead.receivable.orderName);
    await page.screenshot({ path: `${SCREENSHOTS}/walk-4-grouped-reminder.png`, fullPage: true });
    // the outbox holds the messages of past days, one per customer and day
    const days = await db.message.findMany({ where: { status: { in: ["outbox", "sent"] }, sentAt: { not: null } }, select: { sentAt: true } });
    expect(new Set(days.map((m) => m.sentAt!.toISOString().slice(0, 10))).size).toBeGreaterThan(120);

    // the merchant agrees a pause with the customer on the phone: every open order of theirs waits, then resumes
    await page.goto(`${baseUrl}/app/customers/${customerId}`);
    await page.waitForFunction(() => "__remixRouter" in window);
    expect(await page.textContent(".Polaris-Page")).toContain("Pause all reminders to this customer");
    await page.getByLabel("Until").fill("2026-12-07");
    await page.getByLabel("Reason").fill("Called: pays after the holidays");
    // the form posts what React holds: typed before hydration, it would post nothing
    await expect.poll(() => page.locator('input[type="hidden"][name="reason"]').inputValue()).toBe("Called: pays after the holidays");
    await page.getByRole("button", { name: "Pause reminders" }).click();
    await page.waitForSelector('[data-testid="customer-paused"]');
    expect(await page.textContent('[data-testid="customer-paused"]')).toContain("Called: pays after the holidays");
    expect(await page.textContent('[data-testid="customer-timeline"]')).toContain("Reminders paused until Dec 7, 2026: Called: pays after the holidays");
    await page.screenshot({ path: `${SCREENSHOTS}/walk-5-customer-paused.png`, fullPage: true });
    await page.getByRole("button", { name: "Resume this customer's reminders" }).click();
    await page.waitForSelector('[data-testid="customer-paused"]', { state: "detached" });
    expect((await db.customer.findUniqueOrThrow({ where: { id: customerId } })).reminderPausedUntil).toBeNull();

    // disputes of months past, each answered, and the arrangements customers kept or broke
    const rejected = await db.dispute.findFirstOrThrow({ where: { status: "resolved", resolution: "rejected" }, include: { receivable: true } });
    await page.goto(`${baseUrl}/app/disputes`);
    await page.waitForSelector(`[data-testid="dispute-${rejected.receivable.orderName}"]`);
    expect(await page.textContent(`[data-testid="dispute-${rejected.receivable.orderName}"]`)).toContain("Checked with the warehouse");
    await page.screenshot({ path: `${SCREENSHOTS}/walk-6-disputes.png`, fullPage: true });
    const broken = await db.arrangement.findFirstOrThrow({ where: { status: "broken" }, include: { receivable: true } });
    await page.goto(`${baseUrl}/app/arrangements`);
    expect(await page.textContent(`[data-testid="arrangement-${broken.receivable.orderName}"]`)).toContain("Broken");
    await page.screenshot({ path: `${SCREENSHOTS}/walk-7-arrangements.png`, fullPage: true });

    // the bank's statements of every morning, their transfers matched without a person
    const transfers = demoHistory({ now, ...DEMO_SIZE }).events.filter((e) => e.kind === "transfer");
    expect(await db.bankEntry.count({ where: { status: "matched", matchedBy: "auto" } })).toBe(transfers.length);
    await page.goto(`${baseUrl}/app/bank?show=matched`);
    await page.locator('[data-testid="bank-entry"][data-status="matched"]').first().waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}/walk-8-bank.png`, fullPage: true });

    // the orders handed over to collections are in the hand-over file
    const handedOver = await db.receivable.count({ where: { workflowState: "handed_over" } });
    expect(handedOver).toBeGreaterThan(0);
    const file = await page.request.get(`${baseUrl}/app/export/handover`);
    expect((await file.text()).trimEnd().split("\r\n").length - 1).toBe(handedOver);

    // whom to call today: the open orders with the most money expected to come in late, the prediction named as one
    const ranked = await db.paymentForecast.findMany({ where: { receivable: { status: "open", workflowState: null } }, orderBy: [{ atRiskMinor: "desc" }, { receivableId: "asc" }], take: 3, include: { receivable: true } });
    expect(ranked.length).toBe(3);
    await page.goto(`${baseUrl}/app/worklist`);
    await page.locator('[data-testid="worklist-row"]').first().waitFor();
    expect(await page.locator('[data-testid="worklist-row"]').evaluateAll((rows) => rows.slice(0, 3).map((r) => r.textContent))).toEqual(ranked.map((f) => f.receivable.orderName));
    expect(await page.textContent(".Polaris-Page")).toContain("A prediction from this shop's own payment history, not a certainty.");
    await page.screenshot({ path: `${SCREENSHOTS}/walk-9-worklist.png`, fullPage: true });
    await page.locator('[data-testid="worklist-row"] a').first().click();
    await page.waitForSelector('[data-testid="forecast"]');
    expect(await page.textContent('[data-testid="forecast"]')).toMatch(/^Forecast \(a prediction\): \d+% chance of payment more than 7 days after the due date/);

    // the experiment on the first reminder has months of results for both variants; the model's measured quality beside it
    await page.goto(`${baseUrl}/app/reports`);
    await page.waitForSelector('[data-testid="experiments"]');
    const experiments = await page.textContent('[data-testid="experiments"]');
    expect(experiments).toMatch(/Reminder 1 · friendly/);
    expect(experiments).toMatch(/Reminder 1 · direct/);
    const model = await db.predictionModel.findFirstOrThrow();
    expect(await page.textContent('[data-testid="prediction-quality"]')).toContain(`Checked on the newest ${model.holdOut}, fitted on the older ones: AUC ${model.auc!.toLocaleString("en", { maximumFractionDigits: 2 })}`);
    // the coffee subscriptions' failed renewals: recovered per reason and per day, and one that waits for the customer's new card
    expect(await page.textContent('[data-testid="renewal-report"]')).toContain("6 of 12 failed renewals recovered, €179.40 in revenue.");
    await page.screenshot({ path: `${SCREENSHOTS}/walk-10-reports.png`, fullPage: true });
    const waiting = await db.subscriptionRenewal.findFirstOrThrow({ where: { errorCode: "expired_payment_method", outcome: null } });
    await page.goto(`${baseUrl}/app/receivables/${waiting.receivableId}`);
    await page.waitForSelector('[data-testid="renewal"]');
    const renewal = await page.textContent('[data-testid="renewal"]');
    expect(renewal).toContain("failed: expired payment method (needs a new payment method before a retry). Failed attempts: 1; our retries: 0.");
    expect(renewal).toContain(": Keep it as debt: reminders go on.");
    expect(await page.textContent('[data-testid="timeline"]')).toContain("Shopify emailed the customer to update their payment method");
    await page.screenshot({ path: `${SCREENSHOTS}/walk-10b-renewal.png`, fullPage: true });

    // two businesses screened at their first sale on credit and monitored since: one VIES does not know, one whose bureau score dropped
    const [good, deregistered] = await Promise.all(demoScreenedCustomers(demoHistory({ now, ...DEMO_SIZE }).customers).map((s) => db.customer.findFirstOrThrow({ where: { gid: s.gid } })));
    await page.goto(`${baseUrl}/app/customers/${deregistered.id}`);
    await page.waitForSelector('[data-testid="vat-status"]');
    expect(await page.textContent('[data-testid="vat-status"]')).toContain(`Not registered${deregistered.vatNumber}`);
    expect(await page.textContent('[data-testid="customer-risk"]')).toContain("VAT number not registered (VIES)");
    await page.goto(`${baseUrl}/app/customers/${good.id}`);
    await page.waitForSelector('[data-testid="bureau-status"]');
    expect(await page.textContent('[data-testid="bureau-status"]')).toContain("Creditsafe (demo data): score 58 of 100, rating B");
    expect(await page.textContent('[data-testid="advised-limit"]')).toBe("Advised credit limit: €7,500.00 (Creditsafe (demo data))");
    await page.screenshot({ path: `${SCREENSHOTS}/walk-12-screened-customer.png`, fullPage: true });

    await page.goto(`${baseUrl}/app/settings?locale=nl`);
    await page.waitForSelector("text=Instellingen");
    await page.screenshot({ path: `${SCREENSHOTS}/walk-11-settings-nl.png`, fullPage: true });
    await db.$disconnect();
  });
});

describe("reminders in the demo outbox", () => {
  it("lists the reminders the flows sent and previews one as the customer sees it", async () => {
    await page.goto(`${baseUrl}/app/messages`);
    await page.waitForSelector(".Polaris-IndexTable__TableRow");
    expect(await page.textContent("body")).toContain("No Resend key is set");
    // a grouped message shows its lead order and how many others it carried ("#1234 +2")
    const firstOrder = (await page.locator(".Polaris-IndexTable__TableRow").first().locator("td").nth(1).textContent())!.trim().split(" ")[0];
    await page.locator(".Polaris-IndexTable__TableRow").first().click();
    const preview = page.frameLocator('[data-testid="message-preview"]');
    await expect.poll(async () => preview.locator("body").textContent(), { timeout: 10_000 }).toContain(firstOrder);
    await page.screenshot({ path: `${SCREENSHOTS}/messages.png`, fullPage: true });
  });
});

describe("the customer's side", () => {
  it("a customer opens the link from a reminder, disputes, and the dispute reaches the admin", async () => {
    const db = createDb(inject("databaseUrl"));
    // a reminder of these days about an order still open (older links have expired, older orders are paid)
    const message = await db.message.findFirstOrThrow({
      where: { status: "outbox", stepKey: "reminder_1", text: { contains: "/c/" }, receivable: { status: "open", workflowState: null } },
      include: { receivable: true }, orderBy: { sentAt: "desc" },
    });
    await db.$disconnect();
    const url = /(http:\/\/localhost:\d+\/c\/[A-Za-z0-9_.-]+)/.exec(message.text!)![1];
    const customer = await browser.newPage({ viewport: { width: 900, height: 1000 } });
    await customer.goto(url);
    const invoice = customer.locator(`[data-testid="invoice-${message.receivable.orderName}"]`);
    await invoice.waitFor();
    await invoice.locator("details", { has: customer.locator('select[name="reason"]') }).locator("summary").click();
    await invoice.locator('select[name="reason"]').selectOption("damaged");
    await invoice.locator('textarea[name="message"]').fill("Het frame is verbogen aangekomen.");
    await customer.screenshot({ path: `${SCREENSHOTS}/customer-page.png`, fullPage: true });
    await invoice.locator('button[value="dispute"]').click();
    await customer.waitForSelector('[role="status"]');
    await customer.close();

    await page.goto(`${baseUrl}/app/disputes`);
    const card = page.locator(`[data-testid="dispute-${message.receivable.orderName}"]`);
    await card.waitFor();
    expect(await card.textContent()).toContain("Het frame is verbogen aangekomen.");
    await page.screenshot({ path: `${SCREENSHOTS}/disputes.png`, fullPage: true });
  });
});

describe("payment arrangements in the admin", () => {
  it("staff make a 3-instalment arrangement for an open order and see its instalments", async () => {
    const db = createDb(inject("databaseUrl"));
    const target = await db.receivable.findFirstOrThrow({
      where: { status: "open", creditSale: true, workflowState: null, outstandingMinor: { gt: 10_000n } }, orderBy: { orderName: "asc" },
    });
    await db.$disconnect();
    await page.goto(`${baseUrl}/app/arrangements`);
    await page.getByLabel("Order").fill(target.orderName);
    await page.getByLabel("First payment").fill("2026-12-01");
    await page.getByRole("button", { name: "Make arrangement" }).click();
    const card = page.locator(`[data-testid="arrangement-${target.orderName}"]`);
    await card.waitFor();
    const text = await card.textContent();
    expect(text).toContain("Active");
    expect(text).toMatch(/1\. .*2\. .*3\. /s);
    await page.screenshot({ path: `${SCREENSHOTS}/arrangements.png`, fullPage: true });
  });
});

describe("disputes in the admin", () => {
  it("staff open a dispute with an assignee and resolve it, which resumes the order's reminders", async () => {
    const db = createDb(inject("databaseUrl"));
    const target = await db.receivable.findFirstOrThrow({ where: { status: "open", creditSale: true, workflowState: null, disputes: { none: {} } }, orderBy: { orderName: "desc" } });
    await page.goto(`${baseUrl}/app/disputes`);
    await page.getByLabel("Order").fill(target.orderName);
    await page.getByLabel("Reason").selectOption("wrong_amount");
    await page.getByLabel("What is it about").fill("Customer says the discount is missing.");
    await page.getByLabel("Assigned to").fill("Sanne");
    await page.getByRole("button", { name: "Open dispute" }).click();
    const card = page.locator(`[data-testid="dispute-${target.orderName}"]`);
    await card.waitFor();
    expect(await card.textContent()).toContain("Sanne");
    expect((await db.receivable.findUniqueOrThrow({ where: { id: target.id } })).workflowState).toBe("disputed");
    // the receivables list finds the order by the staff member handling its dispute
    await page.goto(`${baseUrl}/app/receivables?filter=all&assignee=Sanne`);
    await page.waitForSelector("text=1 receivables");
    expect(await page.locator(".Polaris-IndexTable__TableRow").first().textContent()).toContain(target.orderName);
    await page.goto(`${baseUrl}/app/disputes`);
    await card.getByLabel("Resolution").selectOption("rejected");
    await card.getByRole("button", { name: "Resolve" }).click();
    await expect.poll(async () => (await db.dispute.findFirstOrThrow({ where: { receivableId: target.id } })).status).toBe("resolved");
    // the dispute is marked resolved first, the order's reminders resume right after: wait for both
    await expect.poll(async () => (await db.receivable.findUniqueOrThrow({ where: { id: target.id } })).workflowState).toBeNull();
    await db.$disconnect();
  });
});

describe("the order page", () => {
  it("shows the next step and timeline; a pause with reason and end date lands on the timeline", async () => {
    // the oldest overdue order that earlier tests left in the normal flow (not disputed, arranged or paused)
    const db = createDb(inject("databaseUrl"));
    const target = await db.receivable.findFirstOrThrow({
      where: { status: "open", creditSale: true, workflowState: null, pausedUntil: null, dueAt: { lt: now } },
      orderBy: [{ dueAt: "asc" }, { id: "asc" }],
    });
    await db.$disconnect();
    await page.goto(`${baseUrl}/demo?next=${encodeURIComponent("/app/receivables?filter=overdue")}`);
    await page.locator(".Polaris-IndexTable__TableRow").locator("button", { hasText: target.orderName }).click();
    await page.waitForSelector('[data-testid="timeline"]');
    expect(await page.textContent('[data-testid="timeline"]')).toMatch(/Shopify: (pending|partially_paid)/);
    expect(await page.textContent('[data-testid="next-step"]')).toMatch(/Next step: .+ on|No further reminders/);
    // nonsense first: a pause that ended in the past gets a clear error and changes nothing
    await page.getByLabel("Until").fill("2020-01-01");
    await page.getByLabel("Reason").fill("too late");
    await page.getByRole("button", { name: "Pause reminders" }).click();
    await page.waitForSelector("text=the end date must lie in the future");
    await page.getByLabel("Until").fill("2026-12-20");
    await page.getByLabel("Reason").fill("Customer in hospital");
    await page.getByRole("button", { name: "Pause reminders" }).click();
    await page.waitForSelector("text=Reminders paused until Dec 20, 2026: Customer in hospital");
    expect(await page.textContent('[data-testid="next-step"]')).toContain("paused until");
    await page.screenshot({ path: `${SCREENSHOTS}/order-detail.png`, fullPage: true });
  });
});

describe("tasks", () => {
  it("a customer's 'I already paid' becomes a staff task, which staff mark done", async () => {
    const db = createDb(inject("databaseUrl"));
    const message = await db.message.findFirstOrThrow({
      where: { status: "outbox", text: { contains: "/c/" }, receivable: { workflowState: null, pausedUntil: null } }, include: { receivable: true },
      orderBy: { id: "desc" },
    });
    await db.$disconnect();
    const url = /(http:\/\/localhost:\d+\/c\/[A-Za-z0-9_.-]+)/.exec(message.text!)![1];
    const customer = await browser.newPage();
    await customer.goto(url);
    await customer.locator(`[data-testid="invoice-${message.receivable.orderName}"] button[value="paid"]`).click();
    await customer.waitForSelector('[role="status"]');
    await customer.close();

    await page.goto(`${baseUrl}/app/tasks`);
    const task = page.locator('[data-testid="task"]', { hasText: `${message.receivable.orderName}: the customer says it is paid` });
    await task.waitFor();
    const before = await page.locator('[data-testid="task"]').count();
    await page.screenshot({ path: `${SCREENSHOTS}/tasks.png`, fullPage: true });
    await task.getByRole("button", { name: "Done" }).click();
    await expect.poll(() => page.locator('[data-testid="task"]').count()).toBe(before - 1);
  });
});

describe("settings", () => {
  it("refuses nonsense field by field, then saves valid settings", async () => {
    await page.goto(`${baseUrl}/app/settings`);
    await page.getByLabel("Brand colour").fill("red");
    await page.getByLabel("Time zone").fill("Mars/Olympus");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.waitForSelector("text=a colour such as #1f6f50");
    expect(await page.textContent("body")).toContain("an IANA time zone such as Europe/Amsterdam");
    await page.getByLabel("Brand colour").fill("#aa3300");
    await page.getByLabel("Time zone").fill("Europe/Brussels");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.waitForSelector("text=Settings saved");
    const db = createDb(inject("databaseUrl"));
    expect(await db.shop.findFirstOrThrow({ where: { isDemo: true } })).toMatchObject({ brandColor: "#aa3300", timeZone: "Europe/Brussels" });
    await db.$disconnect();
    await page.screenshot({ path: `${SCREENSHOTS}/settings.png`, fullPage: true });
  });
});

describe("customers", () => {
  it("shows behaviour and risk with reasons; a credit limit below the exposure makes the customer high risk", async () => {
    const db = createDb(inject("databaseUrl"));
    const customer = await db.customer.findFirstOrThrow({ where: { email: { not: null }, receivables: { some: { status: "open", creditSale: true } } } });
    await db.$disconnect();
    await page.goto(`${baseUrl}/app/customers?q=${encodeURIComponent(customer.email!)}`);
    const row = page.locator(".Polaris-IndexTable__TableRow").first();
    await row.waitFor();
    await row.getByRole("textbox").fill("0.01");
    await row.getByRole("button", { name: "Save" }).click();
    await page.waitForSelector("text=open amount above the credit limit");
    await page.screenshot({ path: `${SCREENSHOTS}/customers.png`, fullPage: true });
    await row.getByRole("textbox").fill("lots");
    await row.getByRole("button", { name: "Save" }).click();
    await page.waitForSelector("text=the credit limit must be an amount");
  });
});

describe("inside Shopify: the admin blocks' preview", () => {
  it("shows what Shopify's order and customer pages show, rendered from the extension's own components, in the merchant's language", async () => {
    await page.goto(`${baseUrl}/app/inside-shopify`);
    const order = page.locator('[data-testid="order-block-open"]');
    await order.waitFor();
    expect(await order.locator("s-admin-block").getAttribute("heading")).toBe("Payment follow-up");
    expect(await order.textContent()).toMatch(/Outstanding.*Due.*Status.*Open.*Last message.*Next step/);
    // steps and notices in words, never as their keys (with a record's id in them)
    expect(await page.textContent(".Polaris-Page")).not.toMatch(/(pre_due|reminder_\d|final_notice|hand_over|dispute_ack|arrangement)_?\w* (by|on) /);
    expect(await order.locator("s-button").allTextContents()).toContain("Pause reminders");
    expect(await page.textContent('[data-testid="customer-block-open"]')).toMatch(/(Low|Medium|High) risk.*Owed now.*Open orders/);
    for (const kind of ["disputed", "in_arrangement", "paid"]) {
      const block = page.locator(`[data-testid="order-block-${kind}"]`);
      if (await block.count()) expect(await block.textContent()).toContain({ disputed: "Disputed", in_arrangement: "In arrangement", paid: "Paid" }[kind]);
    }
    await page.screenshot({ path: `${SCREENSHOTS}/inside-shopify.png`, fullPage: true });
    await page.goto(`${baseUrl}/app/inside-shopify?locale=nl`);
    await page.locator('[data-testid="order-block-open"]').waitFor();
    expect(await page.textContent('[data-testid="order-block-open"]')).toMatch(/Openstaand.*Vervaldatum.*Status.*Open/);
  });
});

describe("reports and exports", () => {
  it("shows collected per month and reminder effectiveness; the receivables CSV holds every credit sale", async () => {
    await page.goto(`${baseUrl}/app/reports`);
    await page.waitForSelector('[data-testid="effectiveness"]');
    expect(await page.textContent('[data-testid="effectiveness"]')).toContain("Reminder 1");
    expect(await page.locator('[data-testid="collected-chart"] [role="img"]').count()).toBe(6);
    await page.screenshot({ path: `${SCREENSHOTS}/reports.png`, fullPage: true });
    const csv = await page.request.get(`${baseUrl}/app/export/receivables`);
    expect(csv.headers()["content-type"]).toContain("text/csv");
    const lines = (await csv.text()).trimEnd().split("\r\n");
    const db = createDb(inject("databaseUrl"));
    expect(lines.length - 1).toBe(await db.receivable.count({ where: { creditSale: true } }));
    await db.$disconnect();
    expect(lines[0]).toBe('"order","order_gid","customer_email","customer_company","country","currency","total","outstanding","issued_at","due_at","status","workflow_state","paid_at","payment_terms"');
    const json = await page.request.get(`${baseUrl}/app/export/receivables.json`);
    expect(json.headers()["content-type"]).toContain("application/json");
    expect(await json.json()).toHaveLength(lines.length - 1);
    expect((await page.request.get(`${baseUrl}/app/export/passwords`)).status()).toBe(404);
  });
});

describe("segments and flows editor", () => {
  it("previews a step live in each language, refuses a bad rule, saves a new segment and test-sends", async () => {
    await page.goto(`${baseUrl}/demo?next=${encodeURIComponent("/app/segments?edit=new")}`);
    await page.getByLabel("Name").fill("Belgium");
    await page.getByLabel("Countries").fill("Belgium");
    const preview = page.frameLocator('[data-testid="step-preview"]');
    await expect.poll(async () => preview.locator("body").textContent(), { timeout: 10_000 }).toContain("#1042");
    // by default the preview is the customer-level message: several orders, each with its own line
    await expect.poll(async () => preview.locator("body").textContent(), { timeout: 10_000 }).toContain("#1057");
    await page.getByLabel("Language").selectOption("fr");
    await expect.poll(async () => preview.locator("body").textContent(), { timeout: 10_000 }).toContain("commandes");
    await page.getByLabel("Preview").selectOption("0");
    await expect.poll(async () => preview.locator("body").textContent(), { timeout: 10_000 }).toContain("commande #1042");
    await page.getByRole("button", { name: "Save segment" }).click();
    await page.waitForSelector("text=countries are two-letter codes");
    await page.getByLabel("Countries").fill("BE");
    // an experiment on the first step: two send hours, typed the way a merchant types them
    await page.getByLabel("A/B send hours").first().pressSequentially("9, 15");
    expect(await page.getByLabel("A/B send hours").first().inputValue()).toBe("9, 15");
    await page.getByRole("button", { name: "Save segment" }).click();
    await page.waitForSelector('[data-testid="segment-Belgium"]');
    await page.locator('[data-testid="segment-Belgium"]').getByRole("button", { name: "Edit" }).click();
    expect(await page.getByLabel("A/B send hours").first().inputValue()).toBe("9, 15");
    await page.getByRole("button", { name: "Edit" }).first().click();
    await page.getByRole("button", { name: "Send test to me" }).click();
    await page.waitForSelector("text=Test email delivered (outbox)");
    await page.screenshot({ path: `${SCREENSHOTS}/segments.png`, fullPage: true });
  });
});

describe("receivables list: filters and bulk actions", () => {
  it("filters by country and amount, and pauses the selected receivables at once", async () => {
    await page.goto(`${baseUrl}/demo?next=${encodeURIComponent("/app/receivables?filter=overdue&country=BE&min=100.00")}`);
    await page.waitForSelector(".Polaris-IndexTable__TableRow");
    const countries = await page.locator(".Polaris-IndexTable__TableRow td:nth-child(4)").allTextContents();
    expect(new Set(countries)).toEqual(new Set(["BE"]));
    const rows = page.locator(".Polaris-IndexTable__TableRow");
    await rows.nth(0).locator('input[type="checkbox"]').check({ force: true });
    await rows.nth(1).locator('input[type="checkbox"]').check({ force: true });
    await page.getByRole("button", { name: "Pause 14 days" }).click();
    await page.waitForSelector("text=Done for 2 receivables.");
    expect((await page.request.get(`${baseUrl}/app/receivables?country=Belgium`)).status()).toBe(400);
    await page.screenshot({ path: `${SCREENSHOTS}/receivables-bulk.png`, fullPage: true });
  });
});

describe("alerts", () => {
  it("the dashboard lists monitoring alerts until they are marked read", async () => {
    await page.goto(`${baseUrl}/demo?next=/app`);
    await page.waitForSelector('[data-testid="alerts"]');
    expect(await page.textContent('[data-testid="alerts"]')).toMatch(/has an overdue invoice|is now (medium|high) risk/);
    await page.getByRole("button", { name: "Mark all read" }).click();
    await page.waitForSelector('[data-testid="alerts"]', { state: "detached" });
  });
});

describe("send now from the order page", () => {
  it("asks the scheduler for the next step at once", async () => {
    const db = createDb(inject("databaseUrl"));
    // an open order nobody has written to yet: its flow's first step is certainly still ahead (the list's last row may be done)
    const fresh = await db.receivable.findFirstOrThrow({
      where: {
        status: "open", creditSale: true, workflowState: null, pausedUntil: null, sendNextNow: false, outstandingMinor: { gt: 0 },
        messages: { none: {} }, customer: { reminderPausedUntil: null },
      },
      orderBy: { dueAt: "desc" },
    });
    await page.goto(`${baseUrl}/demo?next=${encodeURIComponent(`/app/receivables/${fresh.id}`)}`);
    await page.waitForSelector('[data-testid="next-step"]');
    await page.getByRole("button", { name: /^Send .+ now$/ }).click();
    await expect.poll(async () => (await db.receivable.findUniqueOrThrow({ where: { id: fresh.id } })).sendNextNow).toBe(true);
    await db.$disconnect();
  });
});

describe("segments in lists and reports", () => {
  it("filters receivables by segment and reports aging per segment", async () => {
    const db = createDb(inject("databaseUrl"));
    const segment = await db.segment.findFirstOrThrow({ where: { isDefault: true } });
    const count = () => db.receivable.count({ where: { segmentId: segment.id, creditSale: true, status: "open" } });
    // the app's own scheduler may re-plan receivables meanwhile: compare with the database read around the page load
    await expect.poll(async () => {
      const before = await count();
      await page.goto(`${baseUrl}/demo?next=${encodeURIComponent(`/app/receivables?filter=open&segment=${segment.id}`)}`);
      const shown = await page.textContent(".Polaris-Page");
      return before > 0 && before === (await count()) && Boolean(shown?.includes(`${before} receivables`));
    }, { timeout: 20_000 }).toBe(true);
    await db.$disconnect();
    expect((await page.request.get(`${baseUrl}/app/receivables?segment=nope`)).status()).toBe(400);
    await page.goto(`${baseUrl}/app/reports`);
    expect(await page.textContent('[data-testid="aging-by-segment"]')).toContain("Default");
  });
});

describe("receivables list: aging bucket and sort", () => {
  it("shows exactly the 61-90 bucket of the dashboard, highest amount first", async () => {
    await page.goto(`${baseUrl}/demo?next=${encodeURIComponent("/app/receivables?filter=open&bucket=61_90&sort=outstanding_desc")}`);
    await page.waitForSelector(".Polaris-IndexTable__TableRow");
    const db = createDb(inject("databaseUrl"));
    const inBucket = (await db.receivable.findMany({ where: { creditSale: true, status: "open" }, select: { dueAt: true } }))
      .filter((r) => agingReport([{ dueAt: r.dueAt, outstandingMinor: 0 }], now)["61_90"].count === 1).length;
    await db.$disconnect();
    expect(await page.textContent(".Polaris-Page")).toContain(`${inBucket} receivables`);
    const amounts = (await page.locator(".Polaris-IndexTable__TableRow td:nth-child(8)").allTextContents()).map((a) => Number(a.replace(/[^0-9.]/g, "")));
    expect(amounts).toEqual([...amounts].sort((a, b) => b - a));
    expect((await page.request.get(`${baseUrl}/app/receivables?bucket=ancient`)).status()).toBe(400);
  });
});

describe("bank statement in the demo", () => {
  it("a new user imports the demo statement: transfers are matched, orders turn paid and drop out of the next run", async () => {
    await page.goto(`${baseUrl}/demo?next=${encodeURIComponent("/app/bank")}`);
    await page.getByRole("button", { name: "Import the demo statement" }).click();
    await page.waitForSelector('[data-testid="bank-imported"]');
    expect(await page.textContent('[data-testid="bank-imported"]')).toMatch(/^11 entries read \(0 imported before\): 8 matched, [12] to review, [01] unknown\.$/);
    // the unsure one waits for a person, with the matcher's proposal and reasons
    const waiting = page.locator('[data-testid="bank-entry"][data-status="review"]').first();
    expect(await waiting.textContent()).toContain("Proposed");
    expect(await page.textContent('[data-testid="bank-waiting"]')).toMatch(/^[23]$/);

    await page.goto(`${baseUrl}/app/bank?show=matched`);
    const matched = page.locator('[data-testid="bank-entry"][data-status="matched"]');
    expect(await matched.first().textContent()).toContain("Kept in the app only (no Shopify connection)");
    // the history's own statements are in the book too: count this statement's entries
    const db = createDb(inject("databaseUrl"));
    const statement = await db.bankStatement.findFirstOrThrow({ where: { statementRef: { contains: ":DEMO-" } } });
    const entries = await db.bankEntry.findMany({ where: { statementId: statement.id } });
    expect(entries.filter((e) => e.status === "matched").length).toBe(8);
    const allocations = await db.paymentAllocation.findMany({ where: { sourceId: { in: entries.map((e) => e.id) } } });
    const paidIds = (await db.receivable.findMany({ where: { id: { in: allocations.map((a) => a.receivableId) }, status: "paid" }, select: { id: true } })).map((r) => r.id);
    // four exact references, one by order number, two orders paid together by one transfer; two partial payments stay open
    expect(paidIds.length).toBe(7);
    await page.goto(`${baseUrl}/app/receivables/${paidIds[0]}`);
    expect(await page.textContent(".Polaris-Page")).toMatch(/paid/i);

    const { runSchedulerTick } = await import("../../app/services/followUp/runScheduler");
    const { outboxMailer } = await import("../../app/adapters/email/mailer");
    const before = await db.message.count({ where: { receivableId: { in: paidIds } } });
    await runSchedulerTick(db, { clock: () => new Date(now.getTime() + 2 * 86_400_000), mailer: outboxMailer });
    expect(await db.message.count({ where: { receivableId: { in: paidIds } } })).toBe(before);
    await db.$disconnect();
    // the same statement again: nothing new
    await page.goto(`${baseUrl}/app/bank`);
    await page.getByRole("button", { name: "Import the demo statement" }).click();
    await page.waitForSelector('[data-testid="bank-imported"]');
    expect(await page.textContent('[data-testid="bank-imported"]')).toMatch(/^11 entries read \(11 imported before\): 0 matched, 0 to review, 0 unknown\.$/);
  });
});
