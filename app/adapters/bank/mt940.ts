/**
 * MT940 (SWIFT customer statement), as ING, ABN AMRO, Rabobank, KBC and Belfius still export it.
 * Parsed by @centrapay/swift-parser (amounts as BigNumber, never floats; validates required tags
 * and that opening balance + entries = closing balance). The :86: line of Dutch and Belgian banks
 * carries SEPA fields as /TAG/value/ (EREF, IBAN, BIC, NAME, REMI ...): read here.
 */
import { createRequire } from "node:module";
import { asCurrency, parseMinor } from "../../domain/money";
import { normalizeIban } from "../../domain/paymentReference";
import { StatementFormatError, type ParsedStatement, type StatementEntry } from "../../domain/bank/statement";

interface SwiftTransaction {
  amount: { abs(): { toFixed(): string }; isNegative(): boolean };
  isReversal: boolean;
  currency: string;
  details: string;
  entryDate: Date | null;
  date: Date;
  reference: string;
  bankReference: string;
}

interface SwiftStatement {
  transactionReference: string;
  accountIdentification: string;
  number: { statement: string; sequence: string };
  currency: string;
  transactions: SwiftTransaction[];
}

const swift = createRequire(import.meta.url)("@centrapay/swift-parser") as {
  parse(options: { type: "mt940"; data: string; validate: boolean }): SwiftStatement[];
};

const SEPA_TAGS = ["EREF", "IBAN", "BIC", "NAME", "REMI", "CSID", "MARF", "TRTP", "ORDP", "BENM", "ADDR", "ULTC", "ULTD", "PURP", "RTRN", "SVCL", "ISDT", "CNTP"];
const SEPA_FIELD = new RegExp(`/(${SEPA_TAGS.join("|")})/`, "g");

/** "/EREF/x//NAME/J. Jansen//REMI/USTD//Order 1001/" -> { EREF: "x", NAME: "J. Jansen", REMI: "USTD//Order 1001" } */
export function sepaFields(details: string): Record<string, string> {
  const flat = details.replace(/\r?\n/g, "");
  const marks = [...flat.matchAll(SEPA_FIELD)];
  const fields: Record<string, string> = {};
  marks.forEach((mark, i) => {
    const end = i + 1 < marks.length ? marks[i + 1].index : flat.length;
    fields[mark[1]] = flat.slice(mark.index + mark[0].length, end).replace(/\/+$/, "");
  });
  return fields;
}

/** What a SEPA description (an MT940 :86:, an ABN AMRO export line) says about the payer and the payment. */
export function sepaDescription(details: string): { name: string | null; iban: string | null; text: string; structured: string | null } {
  const fields = sepaFields(details);
  const { text, structured } = remittance(fields, details);
  // ING's newer layout: /CNTP/<IBAN>/<BIC>/<name>/<city>/
  const [cntpIban, , cntpName] = (fields.CNTP ?? "").split("/");
  return { name: (fields.NAME ?? cntpName)?.trim() || null, iban: normalizeIban(fields.IBAN ?? cntpIban ?? ""), text, structured };
}

/** REMI is "USTD//free text" or "STRD/CUR/RF18..." (structured): the text and the structured reference. */
function remittance(fields: Record<string, string>, details: string): { text: string; structured: string | null } {
  const remi = fields.REMI;
  if (remi === undefined) return { text: details.replace(/\r?\n/g, " ").trim(), structured: null };
  const structured = /^STRD\/(?:CUR|ISO|BBA)?\/(.+)$/.exec(remi);
  if (structured) return { text: "", structured: structured[1].trim() };
  return { text: remi.replace(/^USTD\/\//, "").replace(/^USTD\//, "").trim(), structured: null };
}

function utcNoon(date: Date): Date {
  return new Date(Date.UTC(date.getFullYear(), date.getMonth(), date.getDate(), 12));
}

/** The line a library error talks about ("Cannot parse tag 61: bogus" -> the line holding ":61:bogus"). */
function lineOf(text: string, message: string): string {
  const tag = /tag (\d{2}[A-Z]?)(?::\s*(.*))?/i.exec(message);
  const lines = text.split(/\r?\n/);
  const needle = tag ? `:${tag[1]}:${(tag[2] ?? "").slice(0, 20)}` : null;
  const index = needle ? lines.findIndex((l) => l.startsWith(needle)) : -1;
  return index >= 0 ? `line ${index + 1}` : "MT940";
}

export function looksLikeMt940(text: string): boolean {
  return /(^|\n):20:/.test(text.slice(0, 2000)) && /\n:61:|\n:62F:/.test(text);
}

export function parseMt940(text: string): ParsedStatement[] {
  let statements: SwiftStatement[];
  try {
    statements = swift.parse({ type: "mt940", data: text, validate: true });
  } catch (error) {
    throw new StatementFormatError(lineOf(text, (error as Error).message), (error as Error).message);
  }
  if (!statements.length) throw new StatementFormatError("MT940", "no statement (:20: ... :62F:) in the file");
  return statements.map((statement) => {
    const currency = asCurrency(statement.currency);
    const entries: StatementEntry[] = statement.transactions.map((tx) => {
      const fields = sepaFields(tx.details ?? "");
      const description = sepaDescription(tx.details ?? "");
      const bankReference = [tx.bankReference, tx.reference].find((r) => r && r !== "NONREF") ?? null;
      return {
        entryKey: "",
        bookedOn: utcNoon(tx.entryDate ?? tx.date),
        amountMinor: parseMinor(tx.amount.abs().toFixed(), currency),
        currency,
        direction: tx.amount.isNegative() ? "debit" : "credit",
        reversal: Boolean(tx.isReversal),
        counterpartyName: description.name,
        counterpartyIban: description.iban,
        remittance: description.text,
        structuredReference: description.structured,
        bankReference: fields.EREF && fields.EREF !== "NOTPROVIDED" ? fields.EREF : bankReference,
      };
    });
    // "NL91ABNA0417164300EUR" (ING adds the currency) or "NL91ABNA0417164300/EUR"
    const account = statement.accountIdentification.replace(/\/.*$/, "").replace(/(\d)[A-Z]{3}$/, "$1");
    return {
      format: "mt940" as const,
      statementRef: `${account}:${statement.transactionReference}:${statement.number.statement}/${statement.number.sequence}`,
      accountIban: normalizeIban(account),
      entries,
    };
  });
}
