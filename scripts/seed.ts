/**
 * Seeds the demo shop with six months of history played through the product (demoHistory,
 * replayHistory), then runs today's catch-up. Usage: tsx scripts/seed.ts (DUNLY_NOW pins the date,
 * DATABASE_URL the database).
 */
import { createDb } from "../app/db/client";
import { seedDemoHistory } from "../app/demo/seedDemo";
import { DEMO_SIZE } from "../app/demo/demoHistory";
import { runSchedulerTick } from "../app/services/followUp/runScheduler";
import { outboxMailer } from "../app/adapters/email/mailer";
import { customerPageUrl } from "../app/services/customers/customerLinks";

const now = process.env.DUNLY_NOW ? new Date(process.env.DUNLY_NOW) : new Date();
const db = createDb();
const appUrl = process.env.SHOPIFY_APP_URL ?? "http://localhost:3000";
const secret = process.env.SHOPIFY_API_SECRET ?? "";
const pageUrl = secret ? (receivable: { id: string; shopId: string; customerId: string | null }, at: Date) => customerPageUrl(appUrl, secret, receivable, at) : undefined;
const started = performance.now();
const { history, summary } = await seedDemoHistory(db, { now, ...DEMO_SIZE, deps: { mailer: outboxMailer, appUrl, secret, customerPageUrl: pageUrl } });
const open = await db.receivable.count({ where: { creditSale: true, status: "open" } });
console.log(
  `demo shop: ${summary.days} days replayed in ${((performance.now() - started) / 1000).toFixed(1)} s: ${history.customers.length} customers, ` +
  `${history.orders.length} orders, ${history.transactions.length} payments through Shopify, ${summary.statements} bank statements, ${summary.emails} reminder emails, ${summary.tasks} tasks, ` +
  `${summary.promises} promises, ${summary.disputes} disputes, ${summary.arrangements} arrangements, ${summary.handOvers} hand-overs; ` +
  `${open} receivables open on ${now.toISOString().slice(0, 10)}`,
);
// today's run, at the hour the demo starts: what is due now goes out, a night start waits for the morning
const today = await runSchedulerTick(db, { clock: () => now, mailer: outboxMailer, customerPageUrl: pageUrl && ((receivable) => pageUrl(receivable, now)) });
console.log(`today: ${today.sent} emails in the outbox, ${today.skipped} skipped, ${today.tasks} tasks`);
await db.$disconnect();
