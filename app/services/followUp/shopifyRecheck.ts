/**
 * Right before a final notice or a step that announces collection costs, Shopify is asked whether
 * the order was paid meanwhile (a payment by hand in Shopify admin, a missed webhook): one query per
 * 50 orders of a shop per tick. Where Shopify shows less owing, the order is read back and applied,
 * and the step waits for the next tick with the fresh ledger. When Shopify cannot be asked, the
 * costly step waits an hour rather than going out on a guess.
 */
import type { Db } from "../../db/client";
import type { FlowStep } from "../../domain/flows";
import { receivableKindOf } from "../../domain/renewals";
import type { AdminGraphql } from "../../adapters/shopify/graphql/client";
import { readPaymentStates } from "../../adapters/shopify/graphql/payments";
import { ORDERS_PAGE_QUERY } from "../../adapters/shopify/graphql/queries";
import { customerFromNode, orderSnapshotFromNode, type OrderNode } from "../../adapters/shopify/graphql/orders";
import { applyOrderSnapshot } from "../ledger/ledgerStore";
import type { Candidate } from "./planning";

const RETRY_MS = 60 * 60_000;

export type AdminLookup = (shop: { id: string; domain: string; isDemo: boolean }) => Promise<AdminGraphql | null>;

export function needsRecheck(step: FlowStep): boolean {
  return step.purpose === "final_notice" || step.chargesFee;
}

export interface RecheckOutcome {
  /** Shopify agrees they are owed: the step may go out */
  cleared: Candidate[];
  /** paid (or less owing) in Shopify: read back, planned again next tick */
  refreshed: Candidate[];
  /** Shopify could not be asked: the step waits */
  postponed: { receivable: Candidate; until: Date }[];
}

async function readBack(db: Db, admin: AdminGraphql, candidates: Candidate[]) {
  const shop = candidates[0].shop;
  const query = candidates.map((c) => `id:${c.orderGid.split("/").pop()}`).join(" OR ");
  const page = await admin.request<{ orders: { nodes: OrderNode[] } }>(ORDERS_PAGE_QUERY, { first: 50, after: null, query });
  for (const node of page.orders.nodes) await applyOrderSnapshot(db, shop, orderSnapshotFromNode(node), { customer: customerFromNode(node) });
}

export async function recheckWithShopify(db: Db, adminOf: AdminLookup, candidates: Candidate[], now: Date): Promise<RecheckOutcome> {
  const outcome: RecheckOutcome = { cleared: [], refreshed: [], postponed: [] };
  const byShop = new Map<string, Candidate[]>();
  for (const c of candidates) {
    // a failed renewal has no order in Shopify to ask about: its charge's outcome comes by webhook
    if (receivableKindOf(c.orderGid) === "renewal") outcome.cleared.push(c);
    else byShop.set(c.shopId, [...(byShop.get(c.shopId) ?? []), c]);
  }
  for (const group of byShop.values()) {
    const admin = await adminOf(group[0].shop);
    if (!admin) {
      outcome.cleared.push(...group); // no Shopify behind this shop (the demo): the ledger is all there is
      continue;
    }
    try {
      const states = await readPaymentStates(admin, group.map((c) => c.orderGid));
      const paidMeanwhile = group.filter((c) => {
        const state = states.get(c.orderGid);
        return !state || state.outstandingMinor < Number(c.outstandingMinor);
      });
      for (let i = 0; i < paidMeanwhile.length; i += 50) await readBack(db, admin, paidMeanwhile.slice(i, i + 50));
      outcome.refreshed.push(...paidMeanwhile);
      outcome.cleared.push(...group.filter((c) => !paidMeanwhile.includes(c)));
    } catch (error) {
      console.error(`recheck before costly steps (${group[0].shop.domain}):`, (error as Error).message);
      outcome.postponed.push(...group.map((receivable) => ({ receivable, until: new Date(now.getTime() + RETRY_MS) })));
    }
  }
  return outcome;
}
