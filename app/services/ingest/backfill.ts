/**
 * Backfill at install and reconciliation on demand: pages through the shop's orders that still
 * expect money and applies each as a snapshot, so whatever a missed webhook left out heals.
 */
import type { Db } from "../../db/client";
import type { AdminGraphql } from "../../adapters/shopify/graphql/client";
import { ORDERS_PAGE_QUERY, openOrdersSearch } from "../../adapters/shopify/graphql/queries";
import { customerFromNode, orderSnapshotFromNode, type OrderNode } from "../../adapters/shopify/graphql/orders";
import { applyOrderSnapshot, type ShopRef } from "../ledger/ledgerStore";
import { healExhausted } from "./webhookQueue";

interface OrdersPage {
  orders: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: OrderNode[] };
}

export interface BackfillResult {
  pages: number;
  orders: number;
  /** orders we hold as open that Shopify no longer lists as open, re-read and settled */
  reconciled: number;
  /** deliveries that had used up their attempts, now covered by this pass */
  healed: number;
}

export async function backfillShop(
  db: Db,
  shop: ShopRef & { domain: string },
  admin: AdminGraphql,
  options: { now: Date; since?: Date; pageSize?: number },
): Promise<BackfillResult> {
  const seen = new Set<string>();
  let after: string | null = null;
  let pages = 0;
  do {
    const page: OrdersPage = await admin.request<OrdersPage>(ORDERS_PAGE_QUERY, {
      first: options.pageSize ?? 100, after, query: openOrdersSearch(options.since),
    });
    pages += 1;
    for (const node of page.orders.nodes) {
      await applyOrderSnapshot(db, shop, orderSnapshotFromNode(node), { customer: customerFromNode(node) });
      seen.add(node.id);
    }
    after = page.orders.pageInfo.hasNextPage ? page.orders.pageInfo.endCursor : null;
  } while (after);
  const reconciled = options.since ? 0 : await settleVanished(db, shop, admin, seen);
  await db.shop.update({ where: { id: shop.id }, data: { backfilledAt: options.now } });
  // every open order was just read back: deliveries that gave up before it are in the ledger now
  const healed = options.since ? 0 : await healExhausted(db, shop.domain, options.now, options.now);
  return { pages, orders: seen.size, reconciled, healed };
}

/** Receivables open here but absent from Shopify's open list were paid or cancelled unseen. */
async function settleVanished(db: Db, shop: ShopRef, admin: AdminGraphql, seen: Set<string>): Promise<number> {
  // failed renewals are no orders: their charges report by webhook
  const open = await db.receivable.findMany({ where: { shopId: shop.id, status: "open", kind: "order" }, select: { orderGid: true } });
  const vanished = open.map((r) => r.orderGid).filter((gid) => !seen.has(gid));
  for (let i = 0; i < vanished.length; i += 50) {
    const ids = vanished.slice(i, i + 50).map((gid) => `id:${gid.split("/").pop()}`).join(" OR ");
    const page = await admin.request<OrdersPage>(ORDERS_PAGE_QUERY, { first: 50, after: null, query: ids });
    for (const node of page.orders.nodes) {
      await applyOrderSnapshot(db, shop, orderSnapshotFromNode(node), { customer: customerFromNode(node) });
    }
  }
  return vanished.length;
}
