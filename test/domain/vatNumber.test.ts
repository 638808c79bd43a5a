import { describe, expect, it } from "vitest";
import { addressesAgree, namesAgree, parseVatNumber } from "../../app/domain/screening/vatNumber";

describe("EU VAT numbers", () => {
  it("reads what people type: spaces, dots, lower case; Greece as EL; Romania's short numbers", () => {
    expect(parseVatNumber("nl 8104.62.215 B01")).toEqual({ countryCode: "NL", number: "810462215B01" });
    expect(parseVatNumber("GR094259216")).toEqual({ countryCode: "EL", number: "094259216" });
    expect(parseVatNumber("RO 18547290")).toEqual({ countryCode: "RO", number: "18547290" });
    expect(parseVatNumber("RO12")).toEqual({ countryCode: "RO", number: "12" });
  });

  it("refuses what no member state issues, saying why", () => {
    expect(() => parseVatNumber("US123456789")).toThrow(/EU country code/);
    expect(() => parseVatNumber("NL12")).toThrow(/8 to 12 letters or digits/);
    expect(() => parseVatNumber("DE<script>1")).toThrow(/not a VAT number/);
    expect(() => parseVatNumber("")).toThrow(/EU country code/);
  });

  it("compares the registered name with the shop's by a meaningful shared word, ignoring legal forms", () => {
    expect(namesAgree("FIETSENHUIS DE VRIES B.V.", "Fietsenhuis de Vries")).toBe(true);
    expect(namesAgree("BAKKERIJ JANSEN B.V.", "Fietsenhuis de Vries")).toBe(false);
    expect(namesAgree("SOMETHING BV", "Other B.V.")).toBe(false);
    expect(namesAgree(null, "Fietsenhuis")).toBeNull();
  });

  it("compares the registered address by post code, else by city", () => {
    expect(addressesAgree("HOOFDSTRAAT 00001, 1011AA AMSTERDAM", { zip: "1011 aa", city: "Amsterdam" })).toBe(true);
    expect(addressesAgree("HOOFDSTRAAT 00001, 1011AA AMSTERDAM", { zip: "3511 AB", city: "Amsterdam" })).toBe(false);
    expect(addressesAgree("RUE NEUVE 1, 1000 BRUXELLES", { zip: null, city: "Bruxelles" })).toBe(true);
    expect(addressesAgree("KÖNIGSALLEE 1, DÜSSELDORF", { zip: null, city: "Dusseldorf" })).toBe(true);
    expect(addressesAgree(null, { zip: "1011AA", city: null })).toBeNull();
    expect(addressesAgree("HOOFDSTRAAT 1", { zip: null, city: null })).toBeNull();
  });
});
