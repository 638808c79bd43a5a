import { describe, expect, it } from "vitest";
import { run, type RunInput } from "../../extensions/pay-later-gate/src/run";

const methods = [
  { id: "gid://shopify/PaymentCustomizationPaymentMethod/0", name: "Credit card" },
  { id: "gid://shopify/PaymentCustomizationPaymentMethod/1", name: "Invoice (pay within 14 days)" },
  { id: "gid://shopify/PaymentCustomizationPaymentMethod/2", name: "Bank Deposit" },
  { id: "gid://shopify/PaymentCustomizationPaymentMethod/3", name: "iDEAL" },
];

function input(status: string | null, configuration?: string, guest = false): RunInput {
  return {
    cart: { buyerIdentity: guest ? null : { customer: { creditStatus: status === null ? null : { value: status } } } },
    paymentMethods: methods,
    paymentCustomization: { configuration: configuration === undefined ? null : { value: configuration } },
  };
}

describe("pay-later gate Function", () => {
  it("hides exactly the pay-later methods for a high-risk or over-limit customer", () => {
    for (const status of ["high_risk", "over_limit"]) {
      expect(run(input(status))).toEqual({ operations: [{ hide: { paymentMethodId: methods[1].id } }, { hide: { paymentMethodId: methods[2].id } }] });
    }
  });

  it("hides nothing for good customers, customers without a status, and guests", () => {
    expect(run(input("ok"))).toEqual({ operations: [] });
    expect(run(input(null))).toEqual({ operations: [] });
    expect(run(input(null, undefined, true))).toEqual({ operations: [] });
  });

  it("uses the configured method names; a broken configuration falls back to the defaults", () => {
    expect(run(input("high_risk", JSON.stringify({ paymentMethodNames: ["iDEAL"] })))).toEqual({ operations: [{ hide: { paymentMethodId: methods[3].id } }] });
    expect(run(input("high_risk", "{not json")).operations).toHaveLength(2);
  });
});
