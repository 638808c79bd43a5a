/** Loads the demo book into a database through the same mappers and ledger store as webhooks. */
import type { Db } from "../db/client";
import { DEMO_SHOP_DOMAIN } from "../config.server";
import { DAY_MS } from "../domain/time";
import { DEFAULT_FLOW, type FlowStep } from "../domain/flows";
import { customerFromPayload, orderSnapshotFromPayload, paymentFactFromTransaction } from "../adapters/shopify/payloads";
import { applyOrderSnapshot, recordLedgerFact, upsertCustomer } from "../services/ledger/ledgerStore";
import { demoBook, type DemoBookOptions } from "./demoBook";
import { demoHistory } from "./demoHistory";
import { replayHistory, type ReplayDeps } from "./replayHistory";
import { fitAndScoreShop } from "../services/insight/latePrediction";
import { demoScreenedCustomers, demoScreeningProviders } from "./demoScreening";

function demoShop(db: Db, domain: string, installedAt: Date) {
  return db.shop.upsert({
    where: { domain },
    create: {
      domain, name: "Fietsen & Zo (demo)", currency: "EUR", defaultTermDays: 14,
      legalProfile: "nl_consumer", isDemo: domain === DEMO_SHOP_DOMAIN, installedAt,
      senderName: "Fietsen & Zo", senderEmail: "debiteuren@fietsen-en-zo.example", replyTo: "debiteuren@fietsen-en-zo.example",
    },
    update: { uninstalledAt: null },
  });
}

/** The demo book as it stands today, loaded at once; tests seed the same book into other shops (`shopDomain`). */
export async function seedDemo(db: Db, options: DemoBookOptions & { shopDomain?: string }) {
  const book = demoBook(options);
  const shop = await demoShop(db, options.shopDomain ?? DEMO_SHOP_DOMAIN, options.now);
  for (const customer of book.customers) await upsertCustomer(db, shop.id, customerFromPayload(customer));
  for (const order of book.orders) {
    await applyOrderSnapshot(db, shop, orderSnapshotFromPayload(order), {
      customer: customerFromPayload(order.customer, order.customer_locale as string),
    });
  }
  for (const transaction of book.transactions) await recordLedgerFact(db, shop, paymentFactFromTransaction(transaction)!);
  return { shop, book };
}

/** How long before "now" the demo shop installed the app: its whole history is the app's. */
const HISTORY_DAYS = 200;

/**
 * The demo shop's flow, as a merchant trying the app would set it up: the default steps, with an
 * experiment on the first reminder (a friendly note against a direct one with "Reminder:" before
 * its subject), so the experiments report has months of results.
 */
const DEMO_FLOW: FlowStep[] = DEFAULT_FLOW.map((step) => step.key !== "reminder_1" ? { ...step } : {
  ...step, variants: [{ key: "friendly", tone: "friendly" }, { key: "direct", tone: "neutral", subjectPrefix: "Reminder:" }],
});

/** The demo shop as six months of using the product left it: demoHistory played through the product (replayHistory). */
export async function seedDemoHistory(db: Db, options: DemoBookOptions & { deps: ReplayDeps }) {
  const history = demoHistory(options);
  const shop = await demoShop(db, DEMO_SHOP_DOMAIN, new Date(options.now.getTime() - HISTORY_DAYS * DAY_MS));
  if (!(await db.segment.count({ where: { shopId: shop.id, isDefault: true } }))) {
    await db.segment.create({ data: { shopId: shop.id, name: "Default", position: 1_000_000, isDefault: true, conditions: "[]", steps: JSON.stringify(DEMO_FLOW) } });
  }
  for (const customer of history.customers) await upsertCustomer(db, shop.id, customerFromPayload(customer));
  // staff entered these businesses' VAT numbers when they opened their accounts; the worker screens them at their first sale on credit
  const screened = demoScreenedCustomers(history.customers);
  for (const s of screened) await db.customer.update({ where: { shopId_gid: { shopId: shop.id, gid: s.gid } }, data: { vatNumber: s.vatNumber } });
  const summary = await replayHistory(db, shop, history.events, options.now, { screening: demoScreeningProviders(screened, options.now), ...options.deps });
  // the night's work the worker would do next: the shop's late-payment model, fitted on these months
  await fitAndScoreShop(db, shop.id, options.now);
  return { shop, history, summary };
}
