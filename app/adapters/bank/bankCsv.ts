/**
 * The CSV exports of the large Dutch and Belgian banks, read with csv-parse. Each layout is known by
 * its header row (ABN AMRO's, which has none, by its shape); the columns used are listed per bank below (as the banks' own download pages name
 * them). Amounts use a decimal comma; a bad value is reported with its line and column.
 */
import { createHash } from "node:crypto";
import { parse } from "csv-parse/sync";
import { asCurrency, parseMinor, type CurrencyCode } from "../../domain/money";
import { normalizeIban } from "../../domain/paymentReference";
import { StatementFormatError, type ParsedStatement, type StatementEntry, type StatementFormat } from "../../domain/bank/statement";
import { sepaDescription } from "./mt940";

type Row = Record<string, string>;

/** ABN AMRO's export has no header row: its columns, in order. */
const ABN_AMRO_COLUMNS = ["Rekeningnummer", "Muntsoort", "Transactiedatum", "Beginsaldo", "Eindsaldo", "Rentedatum", "Transactiebedrag", "Omschrijving"];

/**
 * ABN AMRO descriptions come in two forms: SEPA fields ("/TRTP/SEPA OVERBOEKING/IBAN/.../NAME/.../REMI/...")
 * or labelled columns padded with spaces ("SEPA Overboeking   IBAN: NL..   Naam: J Jansen   Omschrijving: Order 1001").
 */
function abnAmroDescription(text: string): { name: string | null; iban: string | null; text: string; structured: string | null } {
  if (text.includes("/TRTP/")) return sepaDescription(text);
  const label = (name: string) => new RegExp(`${name}:\\s*(.*?)(?=\\s{2,}[A-Z][A-Za-z]+:|$)`).exec(text)?.[1]?.trim() || null;
  return { name: label("Naam"), iban: normalizeIban(label("IBAN") ?? ""), text: label("Omschrijving") ?? text.replace(/\s{2,}/g, " ").trim(), structured: label("Kenmerk") };
}

type AbnAmroFields = ReturnType<typeof abnAmroDescription>;
let lastDescription: { text: string; fields: AbnAmroFields } | null = null;

/** A row's four columns read from one description: parsed once per row, not once per column. */
function abnAmroFields(text: string): AbnAmroFields {
  if (lastDescription?.text !== text) lastDescription = { text, fields: abnAmroDescription(text) };
  return lastDescription.fields;
}

interface CsvLayout {
  format: Extract<StatementFormat, `csv_${string}`>;
  /** columns that must all be in the header for the layout to apply */
  required: string[];
  account(row: Row): string;
  date(row: Row): string;
  /** signed decimal text ("-12,30" / "12,30" with a separate Af/Bij column folded in) */
  signedAmount(row: Row): string;
  currency(row: Row): string;
  counterpartyName(row: Row): string;
  counterpartyIban(row: Row): string;
  remittance(row: Row): string;
  structuredReference(row: Row): string;
  /** the bank's own id of the row, when the export has one */
  bankReference(row: Row): string;
}

const LAYOUTS: CsvLayout[] = [
  {
    // ABN AMRO "TXT" download (tab separated, no header): date YYYYMMDD, amount signed with a decimal comma
    format: "csv_abnamro",
    required: ABN_AMRO_COLUMNS,
    account: (r) => r["Rekeningnummer"],
    date: (r) => r["Transactiedatum"],
    signedAmount: (r) => r["Transactiebedrag"],
    currency: (r) => r["Muntsoort"],
    counterpartyName: (r) => abnAmroFields(r["Omschrijving"]).name ?? "",
    counterpartyIban: (r) => abnAmroFields(r["Omschrijving"]).iban ?? "",
    remittance: (r) => abnAmroFields(r["Omschrijving"]).text,
    structuredReference: (r) => abnAmroFields(r["Omschrijving"]).structured ?? "",
    bankReference: () => "",
  },
  {
    // ING Nederland "Af- en bijschrijvingen" (CSV, ; separated): Datum YYYYMMDD, Bedrag (EUR) unsigned with Af/Bij
    format: "csv_ing",
    required: ["Datum", "Naam / Omschrijving", "Rekening", "Tegenrekening", "Af Bij", "Bedrag (EUR)", "Mededelingen"],
    account: (r) => r["Rekening"],
    date: (r) => r["Datum"],
    signedAmount: (r) => `${r["Af Bij"] === "Af" ? "-" : ""}${r["Bedrag (EUR)"]}`,
    currency: () => "EUR",
    counterpartyName: (r) => r["Naam / Omschrijving"],
    counterpartyIban: (r) => r["Tegenrekening"],
    remittance: (r) => (/Omschrijving:\s*(.*?)(?:\s+(?:IBAN|Kenmerk|Valutadatum):|$)/.exec(r["Mededelingen"])?.[1] ?? r["Mededelingen"]),
    structuredReference: (r) => /Kenmerk:\s*(\S+)/.exec(r["Mededelingen"])?.[1] ?? "",
    bankReference: () => "",
  },
  {
    // Rabobank "Transacties" (CSV, , separated, UTF-8): Datum YYYY-MM-DD, Bedrag signed (+12,30), Volgnr per account
    format: "csv_rabobank",
    required: ["IBAN/BBAN", "Munt", "Volgnr", "Datum", "Bedrag", "Tegenrekening IBAN/BBAN", "Naam tegenpartij", "Omschrijving-1"],
    account: (r) => r["IBAN/BBAN"],
    date: (r) => r["Datum"],
    signedAmount: (r) => r["Bedrag"],
    currency: (r) => r["Munt"],
    counterpartyName: (r) => r["Naam tegenpartij"],
    counterpartyIban: (r) => r["Tegenrekening IBAN/BBAN"],
    remittance: (r) => [r["Omschrijving-1"], r["Omschrijving-2"], r["Omschrijving-3"]].filter(Boolean).join(" "),
    structuredReference: (r) => r["Betalingskenmerk"] ?? "",
    bankReference: (r) => `${r["IBAN/BBAN"]}:${r["Volgnr"]}`,
  },
  {
    // KBC / KBC Brussels (CSV, ; separated): Datum DD/MM/YYYY, Bedrag signed, gestructureerde mededeling apart
    format: "csv_kbc",
    required: ["Rekeningnummer", "Afschriftnummer", "Datum", "Munt", "Bedrag", "rekeningnummer tegenpartij", "Naam tegenpartij", "Vrije mededeling"],
    account: (r) => r["Rekeningnummer"],
    date: (r) => r["Datum"],
    signedAmount: (r) => r["Bedrag"],
    currency: (r) => r["Munt"],
    counterpartyName: (r) => r["Naam tegenpartij"],
    counterpartyIban: (r) => r["rekeningnummer tegenpartij"],
    remittance: (r) => r["Vrije mededeling"],
    structuredReference: (r) => r["gestructureerde mededeling"] ?? "",
    bankReference: () => "",
  },
];

function parseDate(text: string): Date | null {
  const iso = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(text.trim());
  const european = /^(\d{2})[/.-](\d{2})[/.-](\d{4})$/.exec(text.trim());
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]] : european ? [european[3], european[2], european[1]] : [];
  if (!y) return null;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d), 12));
  return date.getUTCDate() === Number(d) && Number(y) >= 2000 && Number(y) <= 2100 ? date : null;
}

/** "1.234,56" / "-12,30" / "+12,30" / "12.30" -> a decimal string parseMinor reads. */
function decimalText(text: string): string {
  const trimmed = text.trim().replace(/^\+/, "");
  return trimmed.includes(",") ? trimmed.replace(/\./g, "").replace(",", ".") : trimmed;
}

export function csvLayoutOf(header: string[]): CsvLayout | null {
  const names = new Set(header.map((h) => h.trim()));
  return LAYOUTS.find((layout) => layout.required.every((column) => names.has(column))) ?? null;
}

/** The separator the header uses: banks export with ";" (ING, KBC), "," (Rabobank) or tabs. */
function delimiterOf(text: string): string {
  const header = text.slice(0, text.search(/\r?\n|$/));
  return [";", ",", "\t"].map((d) => [d, header.split(d).length] as const).sort((a, b) => b[1] - a[1])[0][0];
}

export function parseBankCsv(text: string): ParsedStatement[] {
  let rows: string[][];
  try {
    const delimiter = delimiterOf(text);
    // tab-separated exports (ABN AMRO) do not quote: a quote in a description is just a character
    rows = parse(text, { delimiter, quote: delimiter === "\t" ? false : '"', relax_column_count: false, skip_empty_lines: true, trim: true });
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new StatementFormatError(line ? `line ${line}` : "CSV", (error as Error).message);
  }
  if (rows.length < 1) throw new StatementFormatError("line 1", "the file is empty");
  // ABN AMRO's export starts with data, not a header: recognised by its shape (8 columns, a YYYYMMDD date third)
  const headerless = rows[0].length === ABN_AMRO_COLUMNS.length && /^\d{8}$/.test(rows[0][2]?.trim() ?? "");
  if (headerless) rows.unshift(ABN_AMRO_COLUMNS);
  const layout = csvLayoutOf(rows[0]);
  if (!layout) {
    throw new StatementFormatError("line 1", `unknown CSV header; supported: the exports of ABN AMRO (TXT), ING, Rabobank and KBC (columns "${LAYOUTS.map((l) => l.required.join(", ")).join('" / "')}")`);
  }
  const header = rows[0].map((h) => h.trim());
  const accounts = new Set<string>();
  const entries: StatementEntry[] = rows.slice(1).map((cells, index) => {
    const line = index + (headerless ? 1 : 2);
    const row: Row = Object.fromEntries(header.map((name, i) => [name, cells[i] ?? ""]));
    const fail = (column: string, problem: string): never => { throw new StatementFormatError(`line ${line}, column "${column}"`, problem); };
    const bookedOn = parseDate(layout.date(row)) ?? fail("Datum", `"${layout.date(row)}" is not a date`);
    let currency: CurrencyCode;
    try {
      currency = asCurrency(layout.currency(row));
    } catch {
      fail("Munt", `"${layout.currency(row)}" is not a currency code`);
    }
    let signed: number;
    try {
      signed = parseMinor(decimalText(layout.signedAmount(row)), currency!);
    } catch (error) {
      fail("Bedrag", (error as Error).message);
    }
    if (signed! === 0) fail("Bedrag", "an entry of zero");
    accounts.add(layout.account(row));
    const structured = layout.structuredReference(row).trim();
    return {
      entryKey: layout.bankReference(row),
      bookedOn, amountMinor: Math.abs(signed!), currency: currency!, direction: signed! < 0 ? "debit" : "credit", reversal: false,
      counterpartyName: layout.counterpartyName(row).trim() || null,
      counterpartyIban: layout.counterpartyIban(row) ? normalizeIban(layout.counterpartyIban(row)) : null,
      remittance: layout.remittance(row).trim(), structuredReference: structured || null,
      bankReference: layout.bankReference(row) || null,
    };
  });
  const account = accounts.size === 1 ? [...accounts][0] : null;
  return [{
    format: layout.format,
    statementRef: `${account ?? ""}:${createHash("sha256").update(text).digest("hex").slice(0, 24)}`,
    accountIban: account ? normalizeIban(account) : null,
    entries,
  }];
}
