import { describe, expect, it } from "vitest";
import { asCurrency, formatMoney, MoneyError, parseMinor, toDecimalString } from "../../app/domain/money";

const EUR = asCurrency("EUR");
const JPY = asCurrency("JPY");
const KWD = asCurrency("KWD");

describe("money", () => {
  it.each([
    ["12.30", EUR, 1230], ["0.10", EUR, 10], ["199.99", EUR, 19999], ["5", EUR, 500], ["0.1", EUR, 10],
    ["1000", JPY, 1000], ["1000.00", JPY, 1000], ["1.234", KWD, 1234], ["-4.50", EUR, -450],
  ])("parses %s %s exactly", (text, currency, minor) => {
    expect(parseMinor(text, currency)).toBe(minor);
  });

  it("adds the classic float trap without drift", () => {
    expect(parseMinor("0.10", EUR) + parseMinor("0.20", EUR)).toBe(parseMinor("0.30", EUR));
  });

  it.each(["12.345", "abc", "", "1e5", "12,30", " ", "NaN", "1.2.3"])("rejects %j", (text) => {
    expect(() => parseMinor(text, EUR)).toThrow(MoneyError);
  });

  it("rejects fractions a zero-decimal currency cannot hold", () => {
    expect(() => parseMinor("10.50", JPY)).toThrow(/more decimals/);
  });

  it("rejects absurd amounts", () => {
    expect(() => parseMinor("99999999999999999", EUR)).toThrow(MoneyError);
  });

  it("rejects invalid currency codes", () => {
    expect(() => asCurrency("eur")).toThrow(MoneyError);
    expect(() => asCurrency("EURO")).toThrow(MoneyError);
    expect(() => asCurrency(42)).toThrow(MoneyError);
    expect(() => asCurrency("XXY")).toThrow(/unknown currency/);
  });

  it("prints decimal strings and localised amounts", () => {
    expect(toDecimalString(1230, EUR)).toBe("12.30");
    expect(toDecimalString(5, EUR)).toBe("0.05");
    expect(toDecimalString(-450, EUR)).toBe("-4.50");
    expect(toDecimalString(1000, JPY)).toBe("1000");
    expect(toDecimalString(1234, KWD)).toBe("1.234");
    expect(formatMoney(123456, EUR, "nl")).toBe("€\u00a01.234,56");
    expect(formatMoney(123456, EUR, "en")).toBe("€1,234.56");
  });
});
