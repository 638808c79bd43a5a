/**
 * CAMT.053 (ISO 20022 BankToCustomerStatement, versions 001.02 to 001.13): the XML statement Dutch
 * and Belgian banks export. Read with fast-xml-parser: first checked for well-formedness (its
 * validator names line and column), then each required element is checked with the line it sits on.
 *
 * Batch bookings (one Ntry with several TxDtls) become one entry per transaction; RvslInd marks a
 * returned transfer; only booked entries (Sts BOOK) count.
 */
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { asCurrency, parseMinor, type CurrencyCode } from "../../domain/money";
import { normalizeIban } from "../../domain/paymentReference";
import { StatementFormatError, type ParsedStatement, type StatementEntry } from "../../domain/bank/statement";

type Node = Record<string | symbol, unknown>;

const LIST_ELEMENTS = new Set(["Stmt", "Ntry", "NtryDtls", "TxDtls", "Ustrd", "Strd", "Bal"]);
const parser = new XMLParser({
  ignoreAttributes: false,
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  captureMetaData: true,
  isArray: (name) => LIST_ELEMENTS.has(name),
});
const META = XMLParser.getMetaDataSymbol() as unknown as symbol;

export function looksLikeCamt053(text: string): boolean {
  return /<(\w+:)?Document[^>]*camt\.053\./.test(text.slice(0, 2000)) || /<(\w+:)?BkToCstmrStmt\b/.test(text.slice(0, 4000));
}

/** Reads a file's elements with the line each one starts on, for error messages. */
class Reader {
  private lineStarts: number[] = [];
  constructor(text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i);
  }

  line(node: unknown): number | null {
    const start = (node as Node | undefined)?.[META] as { startIndex?: number } | undefined;
    if (start?.startIndex === undefined) return null;
    let low = 0;
    let high = this.lineStarts.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.lineStarts[mid] < start.startIndex) low = mid + 1;
      else high = mid;
    }
    return low + 1;
  }

  fail(path: string, node: unknown, problem: string): never {
    const line = this.line(node);
    throw new StatementFormatError(line ? `${path} (line ${line})` : path, problem);
  }
}

function text(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === "string") return value;
  const inner = (value as Node)["#text"];
  return typeof inner === "string" ? inner : null;
}

function child(node: unknown, ...path: string[]): unknown {
  let current = node;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Node)[key];
  }
  return current;
}

function list(value: unknown): Node[] {
  return Array.isArray(value) ? (value as Node[]) : value && typeof value === "object" ? [value as Node] : [];
}

interface Amount { minor: number; currency: CurrencyCode }

function amountOf(reader: Reader, path: string, node: unknown): Amount {
  const value = text(node);
  const ccy = (node as Node | undefined)?.["@_Ccy"];
  if (value === null) reader.fail(path, node, "the amount is missing");
  let currency: CurrencyCode;
  try {
    currency = asCurrency(ccy);
  } catch {
    reader.fail(path, node, `Ccy="${String(ccy ?? "")}" is not a currency code`);
  }
  try {
    const minor = parseMinor(value, currency);
    if (minor <= 0) reader.fail(path, node, `the amount must be positive, got ${value}`);
    return { minor, currency };
  } catch (error) {
    if (error instanceof StatementFormatError) throw error;
    reader.fail(path, node, (error as Error).message);
  }
}

function bookedOn(reader: Reader, path: string, entry: Node): Date {
  const date = text(child(entry, "BookgDt", "Dt")) ?? text(child(entry, "BookgDt", "DtTm"))
    ?? text(child(entry, "ValDt", "Dt")) ?? text(child(entry, "ValDt", "DtTm"));
  if (!date) reader.fail(`${path}/BookgDt`, entry, "the booking date is missing");
  const parsed = new Date(/^\d{4}-\d{2}-\d{2}$/.test(date) ? `${date}T12:00:00Z` : date);
  const year = parsed.getUTCFullYear();
  if (Number.isNaN(parsed.getTime()) || year < 2000 || year > 2100) reader.fail(`${path}/BookgDt`, entry, `"${date}" is not a date`);
  return parsed;
}

function remittanceOf(tx: Node | undefined): { remittance: string; structured: string | null } {
  const rmt = child(tx, "RmtInf");
  const unstructured = list(child(rmt, "Ustrd")).map((u) => text(u) ?? "").filter(Boolean);
  const structured = list(child(rmt, "Strd")).map((s) => text(child(s, "CdtrRefInf", "Ref"))).find((r) => r);
  return { remittance: unstructured.join(" "), structured: structured ?? null };
}

function counterparty(tx: Node | undefined, direction: "credit" | "debit"): { name: string | null; iban: string | null } {
  // on a credit the other side is the debtor (who paid us); on a debit the creditor
  const [party, account] = direction === "credit" ? ["Dbtr", "DbtrAcct"] : ["Cdtr", "CdtrAcct"];
  const name = text(child(tx, "RltdPties", party, "Nm")) ?? text(child(tx, "RltdPties", party, "Pty", "Nm"));
  const iban = text(child(tx, "RltdPties", account, "Id", "IBAN"));
  return { name, iban: iban ? normalizeIban(iban) : null };
}

function entriesOf(reader: Reader, statementPath: string, statement: Node): StatementEntry[] {
  const out: StatementEntry[] = [];
  list(statement.Ntry).forEach((entry, entryIndex) => {
    const path = `${statementPath}/Ntry[${entryIndex + 1}]`;
    const status = text(child(entry, "Sts", "Cd")) ?? text(entry.Sts);
    if (status && status !== "BOOK") return;
    const indicator = text(entry.CdtDbtInd);
    if (indicator !== "CRDT" && indicator !== "DBIT") reader.fail(`${path}/CdtDbtInd`, entry, `expected CRDT or DBIT, got "${indicator ?? ""}"`);
    const direction = indicator === "CRDT" ? "credit" : "debit";
    const entryAmount = amountOf(reader, `${path}/Amt`, entry.Amt);
    const reversal = text(entry.RvslInd) === "true";
    const booked = bookedOn(reader, path, entry);
    const entryRef = text(entry.NtryRef) ?? text(entry.AcctSvcrRef);
    const transactions = list(entry.NtryDtls).flatMap((d) => list(d.TxDtls));
    const parts = transactions.length > 1 ? transactions : [transactions[0]];
    parts.forEach((tx, txIndex) => {
      const txPath = transactions.length > 1 ? `${path}/NtryDtls/TxDtls[${txIndex + 1}]` : path;
      const txAmountNode = child(tx, "AmtDtls", "TxAmt", "Amt") ?? child(tx, "Amt");
      const amount = transactions.length > 1
        ? amountOf(reader, `${txPath}/AmtDtls/TxAmt/Amt`, txAmountNode)
        : entryAmount;
      const { remittance: txText, structured } = remittanceOf(tx);
      const remittance = txText || (text(entry.AddtlNtryInf) ?? "");
      const party = counterparty(tx, direction);
      const txRef = [child(tx, "Refs", "AcctSvcrRef"), child(tx, "Refs", "TxId"), child(tx, "Refs", "EndToEndId")]
        .map(text).find((ref) => ref && ref !== "NOTPROVIDED") ?? null;
      const baseKey = entryRef ?? txRef;
      out.push({
        entryKey: baseKey ? `${baseKey}${transactions.length > 1 ? `/${txIndex + 1}` : ""}` : "",
        bookedOn: booked, amountMinor: amount.minor, currency: amount.currency, direction, reversal,
        counterpartyName: party.name, counterpartyIban: party.iban, remittance, structuredReference: structured,
        bankReference: txRef ?? entryRef,
      });
    });
  });
  return out;
}

export function parseCamt053(xml: string): ParsedStatement[] {
  if (/<!DOCTYPE/i.test(xml)) throw new StatementFormatError("line 1", "a CAMT.053 file has no DOCTYPE; refused (entity expansion)");
  const wellFormed = XMLValidator.validate(xml);
  if (wellFormed !== true) {
    throw new StatementFormatError(`line ${wellFormed.err.line}, column ${wellFormed.err.col}`, `not well-formed XML: ${wellFormed.err.msg}`);
  }
  const reader: Reader = new Reader(xml);
  const root = parser.parse(xml) as Node;
  const document = root.Document as Node | undefined;
  if (!document) reader.fail("Document", root, "the root element must be Document");
  // the parser drops xmlns attributes with the prefixes: read the root's namespace from the text
  const namespace = /<(?:\w+:)?Document\b[^>]*?\sxmlns(?::\w+)?="([^"]*camt[^"]*)"/.exec(xml)?.[1]
    ?? /<(?:\w+:)?Document\b[^>]*?\sxmlns(?::\w+)?="([^"]*)"/.exec(xml)?.[1] ?? "";
  if (!/^urn:iso:std:iso:20022:tech:xsd:camt\.053\.001\.\d{2}$/.test(namespace)) {
    reader.fail("Document", document, `namespace "${namespace}" is not CAMT.053 (urn:iso:std:iso:20022:tech:xsd:camt.053.001.xx)`);
  }
  const statement = document.BkToCstmrStmt as Node | undefined;
  if (!statement) reader.fail("Document/BkToCstmrStmt", document, "element missing");
  const statements = list(statement.Stmt);
  if (!statements.length) reader.fail("Document/BkToCstmrStmt/Stmt", statement, "no statement in the file");
  return statements.map((stmt, index) => {
    const path = `Stmt[${index + 1}]`;
    const id = text(stmt.Id);
    if (!id) reader.fail(`${path}/Id`, stmt, "the statement id is missing");
    const iban = text(child(stmt, "Acct", "Id", "IBAN"));
    return {
      format: "camt053" as const,
      statementRef: `${iban ?? ""}:${id}`,
      accountIban: iban ? normalizeIban(iban) : null,
      entries: entriesOf(reader, path, stmt),
    };
  });
}
