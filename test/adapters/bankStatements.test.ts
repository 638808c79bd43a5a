/**
 * Statement files of each format read into the same entries: CAMT.053 (a Dutch bank's published
 * layout, batch bookings, returned transfers, a foreign currency, pending entries left out), MT940
 * with SEPA :86: fields, and the CSV exports of ING, Rabobank and KBC. A bad file is refused with
 * the line or element at fault; the same file always gives the same entry keys.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readStatementFile } from "../../app/adapters/bank/readStatement";
import { writeCamt053 } from "../../app/adapters/bank/camt053Writer";
import { sepaFields } from "../../app/adapters/bank/mt940";
import { StatementFormatError, type StatementEntry } from "../../app/domain/bank/statement";
import { ibanWithCheckDigits } from "../../app/domain/paymentReference";

const fixture = (name: string) => readFileSync(new URL(`../fixtures/bank/${name}`, import.meta.url), "utf8");
const brief = (e: StatementEntry) => ({
  amountMinor: e.amountMinor, currency: e.currency, direction: e.direction, reversal: e.reversal, name: e.counterpartyName,
  iban: e.counterpartyIban, remittance: e.remittance, reference: e.structuredReference, day: e.bookedOn.toISOString().slice(0, 10),
});

function refusal(content: string): string {
  try {
    readStatementFile(content);
  } catch (error) {
    expect(error).toBeInstanceOf(StatementFormatError);
    return (error as Error).message;
  }
  throw new Error("the file was accepted");
}

describe("CAMT.053", () => {
  const [statement] = readStatementFile(fixture("camt053-ing-layout.xml"));

  it("reads a Dutch bank's layout: account, booked entries, batch parts, a returned transfer, another currency", () => {
    expect(statement).toMatchObject({ format: "camt053", statementRef: "NL91ABNA0417164300:2026112600000001", accountIban: "NL91 ABNA 0417 1643 00" });
    expect(statement.entries.map(brief)).toEqual([
      { amountMinor: 12100, currency: "EUR", direction: "credit", reversal: false, name: "A. de Vries", iban: "NL20 INGB 0001 2345 67", remittance: "", reference: "RF74T1001", day: "2026-11-26" },
      { amountMinor: 5995, currency: "EUR", direction: "credit", reversal: false, name: "Bloem & Co", iban: "BE68 5390 0754 7034", remittance: "Bestelling #T1002 bedankt!", reference: null, day: "2026-11-26" },
      // one booking of 150.00 holding two transfers: each is matched on its own
      { amountMinor: 10000, currency: "EUR", direction: "credit", reversal: false, name: "Kaffeerösterei Süd GmbH", iban: "DE89 3704 0044 0532 0130 00", remittance: "Rechnung T1003", reference: null, day: "2026-11-26" },
      { amountMinor: 5000, currency: "EUR", direction: "credit", reversal: false, name: "J. Peeters", iban: null, remittance: "+++000/0001/00535+++", reference: null, day: "2026-11-26" },
      // the returned transfer: money going back to the payer
      { amountMinor: 5995, currency: "EUR", direction: "debit", reversal: true, name: "Bloem & Co", iban: "BE68 5390 0754 7034", remittance: "Retour: rekening opgeheven", reference: null, day: "2026-11-26" },
      { amountMinor: 8000, currency: "USD", direction: "credit", reversal: false, name: "Smith Supplies LLC", iban: null, remittance: "Order T1004", reference: null, day: "2026-11-26" },
      // the pending entry (Sts PDNG) is not there; the booked fee is
      { amountMinor: 375, currency: "EUR", direction: "debit", reversal: false, name: null, iban: null, remittance: "Kosten betalingsverkeer", reference: null, day: "2026-11-26" },
    ]);
  });

  it("keys entries on the account and the bank's reference, batch parts apart", () => {
    expect(statement.entries.map((e) => e.entryKey)).toEqual([
      "NL91ABNA0417164300|NL-20261126-000001", "NL91ABNA0417164300|NL-20261126-000002", "NL91ABNA0417164300|NL-20261126-000003/1",
      "NL91ABNA0417164300|NL-20261126-000003/2", "NL91ABNA0417164300|NL-20261126-000004", "NL91ABNA0417164300|NL-20261126-000005",
      "NL91ABNA0417164300|NL-20261126-000007",
    ]);
  });

  it("reads later versions (status as a code) and prefixed namespaces", () => {
    const xml = fixture("camt053-ing-layout.xml")
      .replace("camt.053.001.02", "camt.053.001.08").replaceAll("<Sts>BOOK</Sts>", "<Sts><Cd>BOOK</Cd></Sts>")
      .replace(/<(\/?)(\w)/g, "<$1ns2:$2").replace('xmlns="', 'xmlns:ns2="').replace("<ns2:?xml", "<?xml").replace("<ns2:!--", "<!--");
    expect(readStatementFile(xml)[0].entries.map(brief)).toEqual(statement.entries.map(brief));
  });

  it("writes what it reads: the demo's and the bench's statements go through the same parser", () => {
    const xml = writeCamt053({
      statementId: "S-1", accountIban: ibanWithCheckDigits("NL", "RABO0123456789"), currency: "EUR", createdAt: new Date("2026-11-27T06:00:00Z"),
      entries: [{ ref: "R1", currency: "EUR", direction: "credit", bookedOn: new Date("2026-11-26T12:00:00Z"), amountMinor: 4250, counterpartyName: "Smit <& Zn>", counterpartyIban: ibanWithCheckDigits("NL", "INGB0001234567"), remittance: "Order #T1" }],
    });
    expect(readStatementFile(xml)[0].entries.map(brief)).toEqual([
      { amountMinor: 4250, currency: "EUR", direction: "credit", reversal: false, name: "Smit <& Zn>", iban: "NL20 INGB 0001 2345 67", remittance: "Order #T1", reference: null, day: "2026-11-26" },
    ]);
  });

  it("refuses a broken file with the line, or the element and its line", () => {
    const xml = fixture("camt053-ing-layout.xml");
    expect(refusal(xml.replace("<CdtDbtInd>CRDT</CdtDbtInd>\n        <Sts>BOOK</Sts>", "<CdtDbtInd>CRDT</CdDbtInd>\n        <Sts>BOOK</Sts>"))).toMatch(/^line \d+, column \d+: not well-formed XML/);
    const badAmount = refusal(xml.replace('<Amt Ccy="EUR">59.95</Amt>', '<Amt Ccy="EUR">59,95</Amt>'));
    expect(badAmount).toMatch(/^Stmt\[1\]\/Ntry\[2\]\/Amt \(line \d+\): invalid amount/);
    const line = Number(/line (\d+)/.exec(badAmount)![1]);
    expect(xml.split("\n")[line - 1]).toContain('<Amt Ccy="EUR">59.95</Amt>');
    expect(refusal(xml.replace('<Amt Ccy="USD">80.00</Amt>', '<Amt Ccy="XXY">80.00</Amt>'))).toMatch(/Ntry\[5\]\/Amt .*"XXY" is not a currency code/);
    expect(refusal(xml.replace("<CdtDbtInd>DBIT</CdtDbtInd>\n        <RvslInd>", "<CdtDbtInd>DEBIT</CdtDbtInd>\n        <RvslInd>"))).toMatch(/Ntry\[4\]\/CdtDbtInd .*expected CRDT or DBIT/);
    expect(refusal(xml.replace("<BookgDt><Dt>2026-11-26</Dt></BookgDt>", "<BookgDt><Dt>1899-01-01</Dt></BookgDt>"))).toMatch(/Ntry\[1\]\/BookgDt .*not a date/);
    expect(refusal(xml.replace("camt.053.001.02", "camt.052.001.02"))).toMatch(/not a CAMT.053|namespace/);
    expect(refusal(`<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY a "aaaa">]><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"/>`)).toMatch(/DOCTYPE/);
    expect(refusal("<html><body>not a statement</body></html>")).toMatch(/not a CAMT.053/);
    expect(refusal("")).toMatch(/empty/);
  });
});

describe("MT940", () => {
  const [statement] = readStatementFile(fixture("mt940-ing-layout.sta"));

  it("reads SEPA fields from :86: (ING's /CNTP/ and the older /IBAN/ /NAME/), reversals and structured references", () => {
    expect(statement).toMatchObject({ format: "mt940", accountIban: "NL91 ABNA 0417 1643 00" });
    expect(statement.entries.map(brief)).toEqual([
      { amountMinor: 12100, currency: "EUR", direction: "credit", reversal: false, name: "A. de Vries", iban: "NL20 INGB 0001 2345 67", remittance: "", reference: "RF74T1001", day: "2026-11-26" },
      { amountMinor: 5995, currency: "EUR", direction: "credit", reversal: false, name: "Bloem & Co", iban: "BE68 5390 0754 7034", remittance: "Bestelling #T1002 bedankt", reference: null, day: "2026-11-26" },
      { amountMinor: 5995, currency: "EUR", direction: "debit", reversal: true, name: "Bloem & Co", iban: "BE68 5390 0754 7034", remittance: "Retour", reference: null, day: "2026-11-26" },
      { amountMinor: 375, currency: "EUR", direction: "debit", reversal: false, name: null, iban: null, remittance: "Kosten betalingsverkeer", reference: null, day: "2026-11-26" },
    ]);
  });

  it("splits /TAG/value/ fields", () => {
    expect(sepaFields("/EREF/x//IBAN/NL20INGB0001234567//NAME/J. Jansen//REMI/USTD//Order 1001/")).toEqual({ EREF: "x", IBAN: "NL20INGB0001234567", NAME: "J. Jansen", REMI: "USTD//Order 1001" });
  });

  it("refuses a statement whose balance does not add up, or a broken :61: line, naming the line", () => {
    const file = fixture("mt940-ing-layout.sta");
    expect(refusal(file.replace(":62F:C261126EUR1117,25", ":62F:C261126EUR1117,26"))).toMatch(/Sum of lines \(117.25\) != turnover/);
    expect(refusal(file.replace(":61:2611261126D3,75NMSC", ":61:26X1261126D3,75NMSC"))).toMatch(/^line 14: Cannot parse tag 61/);
  });
});

describe("bank CSV exports", () => {
  it("ABN AMRO: no header row, tab separated, SEPA fields or labelled columns in the description", () => {
    const [statement] = readStatementFile(fixture("abnamro.tab"));
    expect(statement.format).toBe("csv_abnamro");
    expect(statement.entries.map(brief)).toEqual([
      { amountMinor: 12100, currency: "EUR", direction: "credit", reversal: false, name: "A. de Vries", iban: "NL20 INGB 0001 2345 67", remittance: 'Bestelling #T1001 "snel"', reference: null, day: "2026-11-26" },
      { amountMinor: 5995, currency: "EUR", direction: "credit", reversal: false, name: "Bloem & Co", iban: "BE68 5390 0754 7034", remittance: "Bestelling T1002", reference: "RF74T1001", day: "2026-11-26" },
      { amountMinor: 375, currency: "EUR", direction: "debit", reversal: false, name: null, iban: null, remittance: "ABN AMRO Bank N.V. Betaalpakket 3,75", reference: null, day: "2026-11-26" },
    ]);
    expect(statement.entries[0].entryKey).toMatch(/^417164300\|[0-9a-f]{32}$/);
    expect(refusal(fixture("abnamro.tab").replace("\t-3,75\t", "\t-3,7x\t"))).toMatch(/^line 3, column "Bedrag": invalid amount/);
  });

  it("ING: Af/Bij with unsigned amounts, the reference from Mededelingen", () => {
    const [statement] = readStatementFile(fixture("ing.csv"));
    expect(statement).toMatchObject({ format: "csv_ing", accountIban: "NL91 ABNA 0417 1643 00" });
    expect(statement.entries.map(brief)).toEqual([
      { amountMinor: 12100, currency: "EUR", direction: "credit", reversal: false, name: "A. de Vries", iban: "NL20 INGB 0001 2345 67", remittance: "Bestelling T1001", reference: "RF74T1001", day: "2026-11-26" },
      { amountMinor: 375, currency: "EUR", direction: "debit", reversal: false, name: "Kosten", iban: null, remittance: "Kosten betalingsverkeer", reference: null, day: "2026-11-26" },
    ]);
  });

  it("Rabobank: signed amounts with thousands separators, Volgnr as the entry key", () => {
    const [statement] = readStatementFile(fixture("rabobank.csv"));
    expect(statement.entries.map(brief)).toEqual([
      { amountMinor: 121000, currency: "EUR", direction: "credit", reversal: false, name: "A. de Vries", iban: "NL20 INGB 0001 2345 67", remittance: "", reference: "RF74T1001", day: "2026-11-26" },
      { amountMinor: 375, currency: "EUR", direction: "debit", reversal: false, name: "Rabobank", iban: null, remittance: "Kosten", reference: null, day: "2026-11-26" },
    ]);
    expect(statement.entries[0].entryKey).toBe("NL91ABNA0417164300|NL91ABNA0417164300:000000000000007301");
  });

  it("KBC: day/month/year dates, the Belgian structured communication apart", () => {
    const [statement] = readStatementFile(fixture("kbc.csv"));
    expect(statement.entries.map(brief)).toEqual([
      { amountMinor: 5000, currency: "EUR", direction: "credit", reversal: false, name: "J. Peeters", iban: "BE71 0961 2345 6769", remittance: "", reference: "000000100535", day: "2026-11-26" },
      { amountMinor: 250, currency: "EUR", direction: "debit", reversal: false, name: null, iban: null, remittance: "Kosten", reference: null, day: "2026-11-26" },
    ]);
  });

  it("refuses unknown layouts and bad cells with line and column", () => {
    expect(refusal("Date,Amount\n2026-11-26,12.00\n")).toMatch(/^line 1: unknown CSV header/);
    expect(refusal(fixture("ing.csv").replace('"121,00"', '"12x,00"'))).toMatch(/^line 2, column "Bedrag": invalid amount/);
    expect(refusal(fixture("kbc.csv").replace("26/11/2026;OVERSCHRIJVING", "31/02/2026;OVERSCHRIJVING"))).toMatch(/^line 2, column "Datum"/);
    expect(refusal(fixture("rabobank.csv").replace('"+1.210,00",', '"+1.210,00","extra",'))).toMatch(/^line 2/);
  });
});

describe("entry keys", () => {
  it("are the same on every read, and twins in one file stay apart", () => {
    for (const name of ["camt053-ing-layout.xml", "mt940-ing-layout.sta", "abnamro.tab", "ing.csv", "rabobank.csv", "kbc.csv"]) {
      const keys = () => readStatementFile(fixture(name)).flatMap((s) => s.entries.map((e) => e.entryKey));
      expect(keys()).toEqual(keys());
      expect(new Set(keys()).size).toBe(keys().length);
    }
    const csv = fixture("ing.csv");
    const twice = csv + csv.split("\n")[1] + "\n";
    const entries = readStatementFile(twice)[0].entries;
    expect(entries[0].entryKey).not.toBe(entries[2].entryKey);
    expect(entries[2].entryKey).toBe(`${entries[0].entryKey}#2`);
  });
});
