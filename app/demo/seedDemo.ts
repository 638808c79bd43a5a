/** Loads the demo book into a database through the same mappers and ledger store as webhooks. */
import type { Db } from "../db/client";
import { DEMO_SHOP_DOMAIN } from "../config.server";
import { customerFromPayload, orderSnapshotFromPayload, paymentFactFromTransaction } from "../adapters/shopify/payloads";
import { applyOrderSnapshot, recordLedgerFact, upsertCustomer } from "../services/ledger/ledgerStore";
import { demoBook, type DemoBookOptions } from "./demoBook";

/** The demo shop's book; tests seed the same book into other shops (`shopDomain`). */
export async function seedDemo(db: Db, options: DemoBookOptions & { shopDomain?: string }) {
  const book = demoBook(options);
  const domain = options.shopDomain ?? DEMO_SHOP_DOMAIN;
  const shop = await db.shop.upsert({
    where: { domain },
    create: {
      domain, name: "Fietsen & Zo (demo)", currency: "EUR", defaultTermDays: 14,
      legalProfile: "nl_consumer", isDemo: domain === DEMO_SHOP_DOMAIN, installedAt: options.now,
      senderName: "Fietsen & Zo", senderEmail: "debiteuren@fietsen-en-zo.example", replyTo: "debiteuren@fietsen-en-zo.example",
    },
    update: { uninstalledAt: null },
  });
  for (const customer of book.customers) await upsertCustomer(db, shop.id, customerFromPayload(customer));
  for (const order of book.orders) {
    await applyOrderSnapshot(db, shop, orderSnapshotFromPayload(order), {
      customer: customerFromPayload(order.customer, order.customer_locale as string),
    });
  }
  for (const transaction of book.transactions) await recordLedgerFact(db, shop, paymentFactFromTransaction(transaction)!);
  return { shop, book };
}
