import { describe, expect, it } from "vitest";
import {
  belgianStructuredReference, creditorReference, instalmentPaymentReference, isBelgianStructuredReference, isCreditorReference, normalizeIban, orderPaymentReference,
} from "../../app/domain/paymentReference";

describe("RF creditor reference (ISO 11649)", () => {
  it.each([
    // the standard's own example; the others worked out by hand: 1042RF00 -> 1042271500 mod 97 = 1 -> 98 - 1 = 97
    ["539007547034", "RF18539007547034"],
    ["1042", "RF971042"],
    ["A1", "RF90A1"],
  ])("%s -> %s", (base, reference) => {
    expect(creditorReference(base)).toBe(reference);
    expect(isCreditorReference(reference)).toBe(true);
  });

  it("refuses a changed digit or a swapped pair, and bases that do not fit", () => {
    expect(isCreditorReference("RF18539007547035")).toBe(false);
    expect(isCreditorReference("RF18539007547043")).toBe(false);
    expect(isCreditorReference("RF18 5390 0754 7034")).toBe(true);
    expect(() => creditorReference("")).toThrow();
    expect(() => creditorReference("1".repeat(22))).toThrow();
  });
});

describe("Belgian structured communication (OGM/VCS)", () => {
  it.each([
    // a published example (0108068171 mod 97 = 83), and 1042 mod 97 = 72
    ["108068171", "+++010/8068/17183+++"],
    ["1042", "+++000/0001/04272+++"],
    // a number whose remainder is 0 carries 97
    ["97", "+++000/0000/09797+++"],
  ])("%s -> %s", (number, reference) => {
    expect(belgianStructuredReference(number)).toBe(reference);
    expect(isBelgianStructuredReference(reference)).toBe(true);
  });

  it("reads it with or without the plus signs and slashes, and refuses a wrong check", () => {
    expect(isBelgianStructuredReference("***000/0001/04272***")).toBe(true);
    expect(isBelgianStructuredReference("000000104272")).toBe(true);
    expect(isBelgianStructuredReference("+++000/0001/04273+++")).toBe(false);
    expect(() => belgianStructuredReference("12345678901")).toThrow();
  });
});

describe("IBAN", () => {
  it("accepts valid IBANs in any spacing and prints them in groups of four", () => {
    expect(normalizeIban("nl91abna0417164300")).toBe("NL91 ABNA 0417 1643 00");
    expect(normalizeIban("BE68 5390 0754 7034")).toBe("BE68 5390 0754 7034");
    expect(normalizeIban("DE89370400440532013000")).toBe("DE89 3704 0044 0532 0130 00");
  });

  it("refuses a wrong check digit or nonsense", () => {
    expect(normalizeIban("NL92ABNA0417164300")).toBeNull();
    expect(normalizeIban("hello")).toBeNull();
    expect(normalizeIban("")).toBeNull();
  });
});

describe("an order's reference", () => {
  it("is the Belgian form for Belgian shops, RF elsewhere, from the order number", () => {
    expect(orderPaymentReference("#1042", "be")).toBe("+++000/0001/04272+++");
    expect(orderPaymentReference("#1042", "rf")).toBe("RF971042");
    expect(orderPaymentReference("#", "rf")).toBeNull();
  });
});

describe("instalment references", () => {
  it("carry the order and the instalment number, with valid check digits", () => {
    expect(instalmentPaymentReference("#1001", 2, "rf")).toBe(creditorReference("1001I2"));
    expect(isCreditorReference(instalmentPaymentReference("#1001", 2, "rf")!)).toBe(true);
    expect(instalmentPaymentReference("#1005", 3, "be")).toBe(belgianStructuredReference("100503"));
    expect(isBelgianStructuredReference(instalmentPaymentReference("#1005", 3, "be")!)).toBe(true);
    expect(instalmentPaymentReference("#1001", 0, "rf")).toBeNull();
    expect(instalmentPaymentReference("#123456789", 1, "be")).toBeNull();
  });
});
