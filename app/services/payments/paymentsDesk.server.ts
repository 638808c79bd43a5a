/**
 * What the bank screen, the statement inbox and the worker ask for: each step with the shop's
 * Admin API access when it has one (the demo has none: payments stay in the app's ledger).
 */
import db from "../../db.server";
import { adminFor, adminForShop } from "../../adapters/shopify/adminAccess.server";
import type { ShopRef } from "../ledger/ledgerStore";
import { importStatementFile, matchPendingEntries, waitingForWorker, type ImportResult } from "./statementImport";
import { acceptProposal, allocateByHand, markNotOurs } from "./reviewQueue";
import { writeBackPayments, type WriteBackCounts } from "./shopifyWriteBack";

export interface DeskShop extends ShopRef {
  domain: string;
  isDemo: boolean;
}

export async function deskShop(shopId: string): Promise<DeskShop> {
  return db.shop.findUniqueOrThrow({ where: { id: shopId }, select: { id: true, domain: true, isDemo: true, currency: true, defaultTermDays: true } });
}

export async function importStatement(shop: DeskShop, content: string, fileName: string | null, now: Date): Promise<ImportResult & { writeBack: WriteBackCounts | null }> {
  const admin = await adminForShop(shop);
  const result = await importStatementFile(db, shop, content, fileName, now, Boolean(admin));
  const writeBack = admin ? await writeBackPayments(db, shop, admin, now, 250) : null;
  return { ...result, writeBack };
}

export type ReviewAction = { intent: "accept"; entryId: string } | { intent: "allocate"; entryId: string; orders: string } | { intent: "not_ours"; entryId: string };

export async function reviewEntry(shop: DeskShop, action: ReviewAction, now: Date): Promise<void> {
  const admin = await adminForShop(shop);
  if (action.intent === "not_ours") return markNotOurs(db, shop.id, action.entryId, now);
  if (action.intent === "accept") await acceptProposal(db, shop, action.entryId, now, Boolean(admin));
  else await allocateByHand(db, shop, action.entryId, action.orders, now, Boolean(admin));
  if (admin) await writeBackPayments(db, shop, admin, now);
}

/** The worker's pass over large statements: their entries matched a batch at a time. */
export async function matchPendingStatements(now: Date): Promise<void> {
  const shopIds = (await db.bankEntry.findMany({
    where: waitingForWorker(now), distinct: ["shopId"], select: { shopId: true },
  })).map((e) => e.shopId);
  for (const shopId of shopIds) {
    const shop = await deskShop(shopId);
    const admin = await adminForShop(shop);
    await matchPendingEntries(db, shop, now, Boolean(admin));
    if (admin) await writeBackPayments(db, shop, admin, now, 250);
  }
}

/** The worker's pass: write-backs that waited (Shopify was down, an order was busy). */
export async function writeBackAllShops(now: Date): Promise<void> {
  const shops = await db.shop.findMany({
    where: { isDemo: false, uninstalledAt: null, id: { in: (await db.paymentAllocation.findMany({ where: { writeBackStatus: "pending" }, distinct: ["shopId"], select: { shopId: true } })).map((a) => a.shopId) } },
  });
  for (const shop of shops) {
    const admin = await adminFor(shop.domain);
    if (admin) await writeBackPayments(db, shop, admin, now).catch((error) => console.error(`write-back ${shop.domain}:`, error));
  }
}
