import { describe, expect, it } from "vitest";
import {
  AUTO_MATCH_CONFIDENCE, exactCombination, indexOpenBook, matchCredit, namesMatch, settleInBook, type CreditToMatch, type OpenReceivable,
} from "../../app/domain/bank/matching";
import { belgianStructuredReference, creditorReference, instalmentPaymentReference } from "../../app/domain/paymentReference";
import { parseAllocationInput } from "../../app/domain/bank/allocationInput";

const day = (n: number) => new Date(Date.UTC(2026, 9, n));
const order = (id: string, orderName: string, outstandingMinor: number, customerId: string | null, customerName: string | null, issued = 1, currency = "EUR"): OpenReceivable =>
  ({ id, orderName, currency, outstandingMinor, customerId, customerName, issuedAt: day(issued) });

const ORDERS = [
  order("r1", "#1001", 12100, "anna", "Anna de Vries", 1),
  order("r2", "#1002", 5995, "bram", "Bram Jansen", 2),
  order("r3", "#1003", 4000, "bram", "Bram Jansen", 3),
  order("r4", "#1004", 2500, "bram", "Bram Jansen", 4),
  order("r5", "#1005", 7500, "chloe", "Chloé Peeters", 5),
  order("r6", "#1006", 7500, "daan", "Daan Müller", 6),
  order("r7", "#1007", 3333, null, null, 7),
];
const IBAN_BRAM = "NL20 INGB 0001 2345 67";
const book = () => indexOpenBook(ORDERS.map((o) => ({ ...o })), new Map([[IBAN_BRAM, "bram"]]));
const credit = (c: Partial<CreditToMatch>): CreditToMatch => ({
  amountMinor: 0, currency: "EUR", remittance: "", structuredReference: null, counterpartyName: null, counterpartyIban: null, ...c,
});

describe("matching a bank credit to open orders", () => {
  it.each([
    ["RF reference, exact amount", credit({ amountMinor: 12100, structuredReference: creditorReference("1001") }), { ids: ["r1"], confidence: 100, reasons: ["reference", "exact_amount"] }],
    ["RF reference in the text with spaces", credit({ amountMinor: 12100, remittance: `betaling ${creditorReference("1001").replace(/(.{4})/g, "$1 ")}` }), { ids: ["r1"], confidence: 100 }],
    ["Belgian OGM with +++", credit({ amountMinor: 7500, remittance: belgianStructuredReference("1005") }), { ids: ["r5"], confidence: 100, reasons: ["reference", "exact_amount"] }],
    ["Belgian OGM as twelve bare digits", credit({ amountMinor: 7500, structuredReference: belgianStructuredReference("1005").replace(/\D/g, "") }), { ids: ["r5"], confidence: 100 }],
    ["order number and name", credit({ amountMinor: 5995, remittance: "Bestelling 1002", counterpartyName: "B. Jansen" }), { ids: ["r2"], confidence: 90, reasons: ["order_number", "exact_amount", "name"] }],
    ["order number with #, partial payment", credit({ amountMinor: 3000, remittance: "order #1002 deel 1" }), { ids: ["r2"], confidence: 70, reasons: ["order_number", "partial_payment"], allocated: [3000] }],
    ["reference, partial payment", credit({ amountMinor: 6000, structuredReference: creditorReference("1001") }), { ids: ["r1"], confidence: 85, reasons: ["reference", "partial_payment"], allocated: [6000] }],
    ["reference, overpaid: the rest is the customer's credit", credit({ amountMinor: 13000, structuredReference: creditorReference("1001") }), { ids: ["r1"], confidence: 80, reasons: ["reference", "overpayment"], allocated: [12100], creditMinor: 900 }],
    ["two order numbers, their exact sum", credit({ amountMinor: 9995, remittance: "1002 en 1003" }), { ids: ["r2", "r3"], confidence: 85, reasons: ["order_number", "exact_amount_several"] }],
    ["known IBAN, one order's exact amount", credit({ amountMinor: 4000, counterpartyIban: IBAN_BRAM }), { ids: ["r3"], confidence: 85, reasons: ["known_iban", "exact_amount"] }],
    ["known IBAN, exact sum of two orders", credit({ amountMinor: 6500, counterpartyIban: IBAN_BRAM }), { ids: ["r3", "r4"], confidence: 80, reasons: ["known_iban", "exact_amount_several"] }],
    ["known IBAN, an amount that fits nothing: review, oldest first", credit({ amountMinor: 7000, counterpartyIban: IBAN_BRAM }), { ids: ["r2", "r3"], confidence: 45, allocated: [5995, 1005] }],
    ["amount and name, no reference", credit({ amountMinor: 12100, counterpartyName: "A DE VRIES" }), { ids: ["r1"], confidence: 75, reasons: ["exact_amount", "name"] }],
    ["amount only", credit({ amountMinor: 3333, counterpartyName: "Someone Else" }), { ids: ["r7"], confidence: 50, reasons: ["amount_only"] }],
    ["two orders with that amount, the name decides", credit({ amountMinor: 7500, counterpartyName: "D. Muller" }), { ids: ["r6"], confidence: 75 }],
    ["two orders with that amount, no name", credit({ amountMinor: 7500 }), { ids: ["r5"], confidence: 30, reasons: ["amount_only", "several_candidates"] }],
    ["an instalment's RF reference points to its order", credit({ amountMinor: 4000, structuredReference: instalmentPaymentReference("#1001", 2, "rf")! }), { ids: ["r1"], confidence: 85, reasons: ["reference", "partial_payment"] }],
    ["an instalment's Belgian reference points to its order", credit({ amountMinor: 2500, remittance: instalmentPaymentReference("#1005", 3, "be")! }), { ids: ["r5"], confidence: 85 }],
    ["nothing fits", credit({ amountMinor: 99, remittance: "huur" }), { ids: [], confidence: 0, reasons: ["no_candidate"] }],
    ["another currency than the order", credit({ amountMinor: 12100, currency: "USD", structuredReference: creditorReference("1001") }), { ids: [], confidence: 0, reasons: ["other_currency"] }],
    ["a wrong check digit is no reference: only the number is read", credit({ amountMinor: 99, structuredReference: "RF00 1001" }), { ids: ["r1"], confidence: 70, reasons: ["order_number", "partial_payment"] }],
  ])("%s", (_name, input, expected: { ids: string[]; confidence: number; reasons?: string[]; allocated?: number[]; creditMinor?: number }) => {
    const proposal = matchCredit(book(), input);
    expect(proposal.allocations.map((a) => a.receivableId)).toEqual(expected.ids);
    expect(proposal.confidence).toBe(expected.confidence);
    if (expected.reasons) expect(proposal.reasons).toEqual(expected.reasons);
    if (expected.allocated) expect(proposal.allocations.map((a) => a.amountMinor)).toEqual(expected.allocated);
    expect(proposal.creditMinor).toBe(expected.creditMinor ?? (expected.ids.length ? Math.max(0, input.amountMinor - proposal.allocations.reduce((s, a) => s + a.amountMinor, 0)) : input.amountMinor));
  });

  it("applies at or above the threshold, never with a surplus nobody can keep", () => {
    expect(AUTO_MATCH_CONFIDENCE).toBe(80);
    const book2 = indexOpenBook([order("x1", "#2001", 1000, null, null), order("x2", "#2002", 1000, null, null)], new Map());
    const proposal = matchCredit(book2, credit({ amountMinor: 5000, structuredReference: creditorReference("2001") }));
    expect(proposal.creditMinor).toBe(4000);
    expect(proposal.confidence).toBeLessThan(AUTO_MATCH_CONFIDENCE);
  });

  it("learns: once an IBAN paid a customer's order, the next transfer from it finds that customer", () => {
    const ibanAnna = "NL44 RABO 0123 4567 89";
    const before = indexOpenBook(ORDERS, new Map());
    expect(matchCredit(before, credit({ amountMinor: 12100, counterpartyIban: ibanAnna })).confidence).toBe(50);
    const after = indexOpenBook(ORDERS, new Map([[ibanAnna, "anna"]]));
    expect(matchCredit(after, credit({ amountMinor: 12100, counterpartyIban: ibanAnna }))).toMatchObject({ confidence: 85, reasons: ["known_iban", "exact_amount"] });
  });

  it("sees what earlier entries of the same statement paid: a second transfer for a settled order is a double payment", () => {
    const receivables = ORDERS.map((o) => ({ ...o }));
    const b = indexOpenBook(receivables, new Map());
    const first = matchCredit(b, credit({ amountMinor: 12100, structuredReference: creditorReference("1001") }));
    settleInBook(b, first.allocations, new Map(receivables.map((r) => [r.id, r])));
    const second = matchCredit(b, credit({ amountMinor: 12100, structuredReference: creditorReference("1001") }));
    expect(second).toMatchObject({ allocations: [], creditMinor: 12100, customerId: "anna", reasons: ["reference", "already_paid"] });
    expect(second.confidence).toBeLessThan(AUTO_MATCH_CONFIDENCE);
    // and no longer found by its amount
    expect(matchCredit(b, credit({ amountMinor: 12100 })).allocations).toEqual([]);
  });

  it("finds the fewest orders that add up", () => {
    const orders = [order("a", "#1", 100, "c", null), order("b", "#2", 200, "c", null), order("c", "#3", 300, "c", null)];
    expect(exactCombination(orders, 300)!.map((o) => o.id)).toEqual(["c"]);
    expect(exactCombination(orders, 400)!.map((o) => o.id)).toEqual(["a", "c"]);
    expect(exactCombination(orders, 700)).toBeNull();
  });

  it("compares names without titles, accents or case", () => {
    expect(namesMatch("DHR J.P. MULLER", "Jan Müller")).toBe(true);
    expect(namesMatch("Mevr. de Vries", "Anna de Vries")).toBe(true);
    expect(namesMatch("Jansen", "Anna de Vries")).toBe(false);
    expect(namesMatch(null, "Anna de Vries")).toBe(false);
  });
});

describe("orders typed by staff", () => {
  it("reads order names with optional amounts", () => {
    expect(parseAllocationInput("#1001 = 25,00, #1002\n1003: 10.5")).toEqual([
      { orderName: "1001", amount: "25.00" }, { orderName: "1002", amount: null }, { orderName: "1003", amount: "10.5" },
    ]);
  });

  it.each(["", "#1001 = abc", "#1001, #1001", "drop table", "#1001 = -5"])("refuses %j", (typed) => {
    expect(() => parseAllocationInput(typed)).toThrow();
  });
});
