/** What a receivable's customer is told they owe: in the currency they paid in at checkout, with the shop's beside it. */
import { owedInPresentment } from "../../domain/ledger";
import { formatOwed, type CurrencyCode } from "../../domain/money";
import { decodeSnapshot } from "./snapshotCodec";

export interface OwedRow {
  outstandingMinor: bigint;
  currency: string;
  /** the stored order snapshot (snapshotCodec) */
  snapshot: string;
}

export function presentedOwed(row: OwedRow, minor = Number(row.outstandingMinor)) {
  return owedInPresentment(decodeSnapshot(row.snapshot), minor);
}

export function owedText(row: OwedRow, locale: string): string {
  return formatOwed(Number(row.outstandingMinor), row.currency as CurrencyCode, presentedOwed(row), locale);
}
