/**
 * Matches a shop's new bank credits against its open book and applies the sure ones: confidence at
 * or above AUTO_MATCH_CONFIDENCE is applied at once (ledger + write-back queued), the rest waits in
 * the review queue with the matcher's proposal and reasons. Debits are kept for the record only;
 * a returned transfer always goes to a person.
 */
import type { Db } from "../../db/client";
import { AUTO_MATCH_CONFIDENCE, matchCredit, settleInBook, type MatchProposal } from "../../domain/bank/matching";
import type { ShopRef } from "../ledger/ledgerStore";
import { loadOpenBook } from "./openBook";
import { learnIban, recordReceivedPayment } from "./recordPayment";
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

export async function matchBankEntries(db: Db, shop: ShopRef, entryIds: readonly string[], now: Date, canWriteBack: boolean): Promise<MatchCounts> {
  const counts: MatchCounts = { matched: 0, review: 0, unmatched: 0, debits: 0 };
  if (!entryIds.length) return counts;
  const { book, byId } = await loadOpenBook(db, shop.id);
  const entries: EntryRow[] = [];
  for (let i = 0; i < entryIds.length; i += 500) {
    entries.push(...await db.bankEntry.findMany({ where: { shopId: shop.id, id: { in: entryIds.slice(i, i + 500) } }, orderBy: [{ bookedOn: "asc" }, { id: "asc" }] }));
  }
  for (const entry of entries) {
    const isCredit = entry.direction === "credit" && !entry.reversal;
    const proposal: MatchProposal = isCredit
      ? matchCredit(book, {
        amountMinor: Number(entry.amountMinor), currency: entry.currency, remittance: entry.remittance,
        structuredReference: entry.structuredReference, counterpartyName: entry.counterpartyName, counterpartyIban: entry.counterpartyIban,
      })
      : { allocations: [], creditMinor: 0, customerId: null, confidence: 0, reasons: [] };
    const status = statusFor(entry, proposal);
    await db.bankEntry.update({
      where: { id: entry.id },
      data: {
        status, confidence: proposal.confidence, reasons: JSON.stringify(entry.reversal ? ["returned_transfer"] : proposal.reasons),
        proposal: JSON.stringify(proposal.allocations), customerId: proposal.customerId,
        ...(status === "matched" ? { matchedBy: "auto", matchedAt: now, creditMinor: BigInt(proposal.creditMinor) } : {}),
      },
    });
    if (status === "matched") {
      await applyEntry(db, shop, entry, proposal, now, canWriteBack);
      settleInBook(book, proposal.allocations, byId);
    } else if (status === "review" && !entry.reversal) {
      await holdForReview(db, { ...entry, shopId: shop.id }, proposal, now);
    }
    counts[status === "debit" ? "debits" : status === "matched" ? "matched" : status === "review" ? "review" : "unmatched"]++;
  }
  return counts;
}

/** Puts an entry's money on the chosen orders and remembers who paid from that account. */
export async function applyEntry(
  db: Db, shop: ShopRef, entry: Pick<EntryRow, "id" | "currency" | "bookedOn" | "counterpartyIban">,
  proposal: Pick<MatchProposal, "allocations" | "customerId">, now: Date, canWriteBack: boolean,
): Promise<void> {
  await recordReceivedPayment(db, shop, { source: "bank", sourceId: entry.id, currency: entry.currency, occurredAt: entry.bookedOn, allocations: proposal.allocations }, now, canWriteBack);
  await learnIban(db, shop.id, proposal.customerId, entry.counterpartyIban, now);
}
