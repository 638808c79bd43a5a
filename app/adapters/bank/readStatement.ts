/**
 * One entry point for every statement file: the format is known by its content (never by the file
 * name, which banks vary), and every entry gets a key that is the same on every import of it, so
 * importing a statement twice, or two overlapping statements, stores each entry once.
 */
import { createHash } from "node:crypto";
import { StatementFormatError, type ParsedStatement, type StatementEntry } from "../../domain/bank/statement";
import { looksLikeCamt053, parseCamt053 } from "./camt053";
import { looksLikeMt940, parseMt940 } from "./mt940";
import { parseBankCsv } from "./bankCsv";

/** What identifies an entry when the bank gives no id: its own fields, plus its place among identical twins. */
function fieldDigest(entry: StatementEntry): string {
  return createHash("sha256").update(JSON.stringify([
    entry.bookedOn.toISOString().slice(0, 10), entry.amountMinor, entry.currency, entry.direction, entry.reversal,
    entry.counterpartyIban, entry.counterpartyName, entry.remittance, entry.structuredReference, entry.bankReference,
  ])).digest("hex").slice(0, 32);
}

function withKeys(statement: ParsedStatement): ParsedStatement {
  const seen = new Map<string, number>();
  // the IBAN, else the account as the export names it (ABN AMRO's older exports give the account number)
  const account = statement.accountIban?.replace(/\s/g, "") ?? statement.statementRef.split(":")[0];
  const entries = statement.entries.map((entry) => {
    // MT940 and some CSVs carry no entry id of their own: the fields decide
    const own = statement.format === "camt053" || statement.format === "csv_rabobank" ? entry.entryKey : "";
    const base = own || fieldDigest(entry);
    const twin = (seen.get(base) ?? 0) + 1;
    seen.set(base, twin);
    return { ...entry, entryKey: `${account}|${base}${twin > 1 ? `#${twin}` : ""}` };
  });
  return { ...statement, entries };
}

export function readStatementFile(content: string): ParsedStatement[] {
  const text = content.replace(/^\uFEFF/, "");
  if (!text.trim()) throw new StatementFormatError("line 1", "the file is empty");
  let statements: ParsedStatement[];
  if (text.trimStart().startsWith("<")) {
    if (!looksLikeCamt053(text)) throw new StatementFormatError("line 1", "an XML file that is not a CAMT.053 bank statement");
    statements = parseCamt053(text);
  } else if (looksLikeMt940(text)) {
    statements = parseMt940(text);
  } else {
    statements = parseBankCsv(text);
  }
  return statements.map(withKeys);
}
