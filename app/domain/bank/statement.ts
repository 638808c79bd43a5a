/**
 * A bank statement as every format reads into it (CAMT.053, MT940, the banks' CSV exports): the
 * entries that moved money on the shop's account, amounts in minor units, never floats.
 */
import type { CurrencyCode } from "../money";

export type StatementFormat = "camt053" | "mt940" | "csv_abnamro" | "csv_ing" | "csv_rabobank" | "csv_kbc";

export interface StatementEntry {
  /** stable per account: the bank's entry reference, else a digest of the entry's own fields */
  entryKey: string;
  bookedOn: Date;
  /** always > 0; `direction` tells which way it moved */
  amountMinor: number;
  currency: CurrencyCode;
  direction: "credit" | "debit";
  /** a returned transfer or other correction of an earlier entry */
  reversal: boolean;
  counterpartyName: string | null;
  /** normalised (groups of four), or null when absent or not a valid IBAN */
  counterpartyIban: string | null;
  /** what the payer wrote: unstructured remittance lines, joined */
  remittance: string;
  /** a structured creditor reference (RF / Belgian OGM) when the bank gives one apart */
  structuredReference: string | null;
  bankReference: string | null;
}

export interface ParsedStatement {
  format: StatementFormat;
  /** the bank's statement id (CAMT Stmt/Id, MT940 :20: + :28C:), or a digest of the file */
  statementRef: string;
  accountIban: string | null;
  entries: StatementEntry[];
}

/** A file that cannot be read: `where` names the line or element, so the merchant can find it. */
export class StatementFormatError extends Error {
  override name = "StatementFormatError";
  constructor(readonly where: string, problem: string) {
    super(`${where}: ${problem}`);
  }
}
