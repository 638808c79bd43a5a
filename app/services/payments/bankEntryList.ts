/** The bank screen: entries by status, newest first, with the orders each one pays or is proposed for. */
import type { Db } from "../../db/client";
import type { Allocation, MatchReason } from "../../domain/bank/matching";

export const ENTRY_FILTERS = ["review", "unmatched", "matched", "not_ours", "debit", "all"] as const;
export type EntryFilter = (typeof ENTRY_FILTERS)[number];
export const PAGE_SIZE = 50;

export interface BankEntryView {
  id: string;
  bookedOn: string;
  amountMinor: number;
  currency: string;
  direction: string;
  reversal: boolean;
  counterpartyName: string | null;
  counterpartyIban: string | null;
  remittance: string;
  structuredReference: string | null;
  status: string;
  confidence: number;
  reasons: (MatchReason | "returned_transfer")[];
  matchedBy: string | null;
  creditMinor: number;
  orders: { receivableId: string; orderName: string; amountMinor: number; writeBack: string | null; writeBackError: string | null }[];
}

export async function listBankEntries(db: Db, shopId: string, filter: EntryFilter, page: number): Promise<{ entries: BankEntryView[]; hasMore: boolean }> {
  const rows = await db.bankEntry.findMany({
    where: { shopId, ...(filter === "all" ? {} : { status: filter }) },
    orderBy: [{ bookedOn: "desc" }, { id: "desc" }], skip: (page - 1) * PAGE_SIZE, take: PAGE_SIZE + 1,
  });
  const shown = rows.slice(0, PAGE_SIZE);
  const proposals = new Map(shown.map((r) => [r.id, JSON.parse(r.proposal) as Allocation[]]));
  const receivableIds = [...new Set([...proposals.values()].flat().map((a) => a.receivableId))];
  const [receivables, allocations] = await Promise.all([
    db.receivable.findMany({ where: { shopId, id: { in: receivableIds } }, select: { id: true, orderName: true } }),
    db.paymentAllocation.findMany({ where: { shopId, source: "bank", sourceId: { in: shown.map((r) => r.id) } } }),
  ]);
  const names = new Map(receivables.map((r) => [r.id, r.orderName]));
  const applied = new Map(allocations.map((a) => [`${a.sourceId} ${a.receivableId}`, a]));
  return {
    hasMore: rows.length > PAGE_SIZE,
    entries: shown.map((r) => ({
      id: r.id, bookedOn: r.bookedOn.toISOString(), amountMinor: Number(r.amountMinor), currency: r.currency, direction: r.direction,
      reversal: r.reversal, counterpartyName: r.counterpartyName, counterpartyIban: r.counterpartyIban, remittance: r.remittance,
      structuredReference: r.structuredReference, status: r.status, confidence: r.confidence, reasons: JSON.parse(r.reasons),
      matchedBy: r.matchedBy, creditMinor: Number(r.creditMinor),
      orders: proposals.get(r.id)!.map((a) => {
        const allocation = applied.get(`${r.id} ${a.receivableId}`);
        return {
          receivableId: a.receivableId, orderName: names.get(a.receivableId) ?? "?", amountMinor: a.amountMinor,
          writeBack: allocation?.writeBackStatus ?? null, writeBackError: allocation?.writeBackError ?? null,
        };
      }),
    })),
  };
}

export interface BankSummary {
  /** entries of a large statement the worker is still matching */
  pending: number;
  waiting: number;
  receivedTodayMinor: number;
  matchedAuto: number;
  matchedByHand: number;
  writeBackRefused: number;
}

/** For the dashboard and the bank screen: what waits for a person, and what came in today. */
export async function bankSummary(db: Db, shopId: string, currency: string, now: Date): Promise<BankSummary> {
  const startOfDay = new Date(now);
  startOfDay.setUTCHours(0, 0, 0, 0);
  const [pending, waiting, today, auto, byHand, refused] = await Promise.all([
    db.bankEntry.count({ where: { shopId, status: "pending" } }),
    db.bankEntry.count({ where: { shopId, status: { in: ["review", "unmatched"] } } }),
    db.bankEntry.aggregate({ where: { shopId, direction: "credit", reversal: false, currency, bookedOn: { gte: startOfDay, lte: now } }, _sum: { amountMinor: true } }),
    db.bankEntry.count({ where: { shopId, status: "matched", matchedBy: "auto" } }),
    db.bankEntry.count({ where: { shopId, status: "matched", matchedBy: "staff" } }),
    db.paymentAllocation.count({ where: { shopId, writeBackStatus: "not_allowed" } }),
  ]);
  return { pending, waiting, receivedTodayMinor: Number(today._sum.amountMinor ?? 0n), matchedAuto: auto, matchedByHand: byHand, writeBackRefused: refused };
}
