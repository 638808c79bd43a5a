/** Seeds the demo shop. Usage: tsx scripts/seed.ts  (DUNLY_NOW pins the date, DATABASE_URL the database) */
import { createDb } from "../app/db/client";
import { seedDemo } from "../app/demo/seedDemo";
import { runSchedulerTick } from "../app/services/followUp/runScheduler";
import { outboxMailer } from "../app/adapters/email/mailer";
import { customerPageUrl } from "../app/services/customers/customerLinks";

const now = process.env.DUNLY_NOW ? new Date(process.env.DUNLY_NOW) : new Date();
const db = createDb();
const started = performance.now();
const { book } = await seedDemo(db, { now });
const open = await db.receivable.count({ where: { creditSale: true, status: "open" } });
console.log(
  `demo shop seeded: ${book.customers.length} customers, ${book.orders.length} orders, ` +
  `${book.transactions.length} payments, ${open} open receivables in ${Math.round(performance.now() - started)} ms`,
);
// the reminder flows catch up at once, so the demo opens with reminders in its outbox
const appUrl = process.env.SHOPIFY_APP_URL;
const secret = process.env.SHOPIFY_API_SECRET;
const reminders = await runSchedulerTick(db, {
  clock: () => now, mailer: outboxMailer,
  customerPageUrl: appUrl && secret ? (receivable) => customerPageUrl(appUrl, secret, receivable, now) : undefined,
});
console.log(`reminders: ${reminders.sent} emails in the outbox (carrying ${reminders.sent + reminders.grouped} order steps: one message per customer), ${reminders.skipped} skipped, ${reminders.tasks} tasks`);
await db.$disconnect();
