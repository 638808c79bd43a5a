/**
 * Matches a shop's new bank credits against its open book and applies the sure ones: confidence at
 * or above AUTO_MATCH_CONFIDENCE is applied at once (ledger + write-back queued), the rest waits in
 * the review queue with the matcher's proposal and reasons. Debits are kept for the record only;
 * a returned transfer always goes to a person.
 */
import type { Db } from "../../db/client";
import { setColumnsById } from "../../db/dialect";
import { AUTO_MATCH_CONFIDENCE, matchCredit, settleInBook, type MatchProposal, type OpenBook } from "../../domain/bank/matching";
import type { ShopRef } from "../ledger/ledgerStore";
import { loadOpenBook } from "./openBook";
import { learnIban, recordReceivedPayment, recordReceivedPayments, type ReceivedPayment } from "./recordPayment";
import { holdForReview } from "./reviewHold";

export interface MatchCounts {
  matched: number;
  review: number;
  unmatched: number;
  debits: number;
}

export type EntryStatus = "matched" | "review" | "unmatched" | "not_ours" | "debit";

interface EntryRow {
  id: string;
  amountMinor: bigint;
  currency: string;
  direction: string;
  reversal: boolean;
  remittance: string;
  structuredReference: string | null;
  counterpartyName: string | null;
  counterpartyIban: string | null;
  bookedOn: Date;
}

function statusFor(entry: EntryRow, proposal: MatchProposal): EntryStatus {
  if (entry.direction === "debit" && !entry.reversal) return "debit";
  if (entry.reversal) return "review";
  if (proposal.confidence >= AUTO_MATCH_CONFIDENCE) return "matched";
  return proposal.confidence > 0 ? "review" : "unmatched";
}

const CHUNK = 500;

const DECISION_COLUMNS = [
  { name: "status", type: "text" }, { name: "confidence", type: "integer" }, { name: "reasons", type: "text" }, { name: "proposal", type: "text" },
  { name: "customerId", type: "text" }, { name: "matchedBy", type: "text" }, { name: "matchedAt", type: "timestamp" }, { name: "creditMinor", type: "bigint" },
] as const;

interface Decided {
  entry: EntryRow;
  proposal: MatchProposal;
  status: EntryStatus;
}

function proposalFor(book: OpenBook, entry: EntryRow): MatchProposal {
  if (entry.direction !== "credit" || entry.reversal) return { allocations: [], creditMinor: 0, customerId: null, confidence: 0, reasons: [] };
  return matchCredit(book, {
    amountMinor: Number(entry.amountMinor), currency: entry.currency, remittance: entry.remittance,
    structuredReference: entry.structuredReference, counterpartyName: entry.counterpartyName, counterpartyIban: entry.counterpartyIban,
  });
}

export async function matchBankEntries(db: Db, shop: ShopRef, entryIds: readonly string[], now: Date, canWriteBack: boolean): Promise<MatchCounts> {
  const counts: MatchCounts = { matched: 0, review: 0, unmatched: 0, debits: 0 };
  if (!entryIds.length) return counts;
  const { book, byId } = await loadOpenBook(db, shop.id);
  for (let i = 0; i < entryIds.length; i += CHUNK) {
    const entries = await db.bankEntry.findMany({ where: { shopId: shop.id, id: { in: entryIds.slice(i, i + CHUNK) } }, orderBy: [{ bookedOn: "asc" }, { id: "asc" }] });
    // decided in memory, in booking order: each entry sees what the ones before it paid
    const decided: Decided[] = entries.map((entry) => {
      const proposal = proposalFor(book, entry);
      const status = statusFor(entry, proposal);
      if (status === "matched") settleInBook(book, proposal.allocations, byId);
      counts[status === "debit" ? "debits" : status === "matched" ? "matched" : status === "review" ? "review" : "unmatched"]++;
      return { entry, proposal, status };
    });
    await writeDecisions(db, shop, decided, now, canWriteBack);
    for (const { entry } of decided) if (entry.reversal) await linkReturnedTransfer(db, shop.id, entry);
  }
  return counts;
}

const RETURN_WINDOW_MS = 60 * 86_400_000;

/**
 * A returned transfer names the orders of the transfer it returns (same amount and payer, matched
 * in the 60 days before), so staff see which manual payment to refund in Shopify: its refund
 * webhook then reopens the order.
 */
async function linkReturnedTransfer(db: Db, shopId: string, entry: EntryRow): Promise<void> {
  const payer = [
    ...(entry.counterpartyIban ? [{ counterpartyIban: entry.counterpartyIban }] : []),
    ...(entry.counterpartyName ? [{ counterpartyName: entry.counterpartyName }] : []),
  ];
  if (!payer.length) return;
  const original = await db.bankEntry.findFirst({
    where: {
      shopId, status: "matched", direction: "credit", reversal: false, amountMinor: entry.amountMinor, currency: entry.currency,
      bookedOn: { lte: entry.bookedOn, gte: new Date(entry.bookedOn.getTime() - RETURN_WINDOW_MS) }, OR: payer,
    },
    orderBy: { bookedOn: "desc" },
  });
  if (original) await db.bankEntry.update({ where: { id: entry.id }, data: { proposal: original.proposal, customerId: original.customerId } });
}

/**
 * The money first (idempotent: keyed on the entry), then the entries' statuses: a failure between
 * the two leaves entries that a second pass or a person finishes without paying twice. Statuses,
 * holds and alerts are written per chunk, not per entry.
 */
async function writeDecisions(db: Db, shop: ShopRef, decided: Decided[], now: Date, canWriteBack: boolean): Promise<void> {
  const matched = decided.filter((d) => d.status === "matched");
  await recordReceivedPayments(db, shop, matched.map(({ entry, proposal }) => bankPayment(entry, proposal)), now, canWriteBack);
  for (const { entry, proposal } of matched) await learnIban(db, shop.id, proposal.customerId, entry.counterpartyIban, now);
  await setColumnsById(db, "BankEntry", DECISION_COLUMNS, decided.map(({ entry, proposal, status }) => ({
    id: entry.id,
    values: [
      status, proposal.confidence, JSON.stringify(entry.reversal ? ["returned_transfer"] : proposal.reasons), JSON.stringify(proposal.allocations),
      proposal.customerId, status === "matched" ? "auto" : null, status === "matched" ? now : null, BigInt(status === "matched" ? proposal.creditMinor : 0),
    ],
  })));
  await holdForReview(db, shop.id, decided.filter((d) => d.status === "review" && !d.entry.reversal), now);
}

/** Puts an entry's money on the chosen orders and remembers who paid from that account. */
export async function applyEntry(
  db: Db, shop: ShopRef, entry: Pick<EntryRow, "id" | "currency" | "bookedOn" | "counterpartyIban">,
  proposal: Pick<MatchProposal, "allocations" | "customerId">, now: Date, canWriteBack: boolean,
): Promise<void> {
  await recordReceivedPayment(db, shop, bankPayment(entry, proposal), now, canWriteBack);
  await learnIban(db, shop.id, proposal.customerId, entry.counterpartyIban, now);
}

function bankPayment(entry: Pick<EntryRow, "id" | "currency" | "bookedOn">, proposal: Pick<MatchProposal, "allocations">): ReceivedPayment {
  return { source: "bank", sourceId: entry.id, currency: entry.currency, occurredAt: entry.bookedOn, allocations: proposal.allocations };
}
