/**
 * The dashboard as the merchant opens it. A book of up to LIVE_UP_TO open receivables is summed
 * live on each visit (tens of milliseconds); a larger one is read from the summary the worker
 * computes every minute, because summing a million receivables takes seconds. The screen says how
 * old such figures are.
 */
import type { Db } from "../../db/client";
import { dashboardSummary, type DashboardSummary } from "./dashboard";

export const LIVE_UP_TO = 20_000;
/** the worker refreshes a large book's summary when it is older than this */
export const REFRESH_AFTER_MS = 60_000;

export interface ShownDashboard extends DashboardSummary {
  /** when the figures were computed, for a large book read from the worker's summary; null: live */
  asOf: Date | null;
}

interface ShopForDashboard {
  id: string;
  currency: string;
}

export async function dashboardFor(db: Db, shop: ShopForDashboard, now: Date, liveUpTo = LIVE_UP_TO): Promise<ShownDashboard> {
  const stored = await db.dashboardSnapshot.findUnique({ where: { shopId: shop.id } });
  if (stored && stored.openCount > liveUpTo) return { ...(JSON.parse(stored.summary) as DashboardSummary), asOf: stored.computedAt };
  const live = await dashboardSummary(db, shop, now);
  // a book that grew past the limit: from now on the worker keeps its summary
  if (live.openCount > liveUpTo) await store(db, shop.id, live, now, 0);
  return { ...live, asOf: null };
}

/** Computes and stores one shop's summary (the worker, and a bench). */
export async function refreshDashboard(db: Db, shop: ShopForDashboard, now: Date): Promise<DashboardSummary> {
  const started = performance.now();
  const summary = await dashboardSummary(db, shop, now);
  await store(db, shop.id, summary, now, Math.round(performance.now() - started));
  return summary;
}

/** The worker's pass: every large book whose summary is older than REFRESH_AFTER_MS. */
export async function refreshLargeDashboards(db: Db, now: Date, liveUpTo = LIVE_UP_TO): Promise<number> {
  const due = await db.dashboardSnapshot.findMany({
    where: { openCount: { gt: liveUpTo }, computedAt: { lt: new Date(now.getTime() - REFRESH_AFTER_MS) } },
    select: { shop: { select: { id: true, currency: true } } },
  });
  for (const { shop } of due) await refreshDashboard(db, shop, now);
  return due.length;
}

async function store(db: Db, shopId: string, summary: DashboardSummary, now: Date, computeMs: number): Promise<void> {
  const data = { openCount: summary.openCount, summary: JSON.stringify(summary), computedAt: now, computeMs };
  await db.dashboardSnapshot.upsert({ where: { shopId }, create: { shopId, ...data }, update: data });
}
