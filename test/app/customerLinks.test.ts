import { describe, expect, it } from "vitest";
import { signCustomerLink, verifyCustomerLink } from "../../app/services/customers/customerLinks";

const secret = "test-secret";
const now = new Date("2026-11-23T10:00:00Z");
const link = { shopId: "shop_a", customerId: "cust_1", receivableId: "rec_1", expiresAt: new Date("2026-12-23T10:00:00Z") };

describe("signed customer links", () => {
  it("round-trips a valid link", () => {
    expect(verifyCustomerLink(signCustomerLink(link, secret), secret, now)).toEqual({ ok: true, link });
  });

  it("refuses a changed payload, a changed signature, another secret, an expired link and garbage", () => {
    const token = signCustomerLink(link, secret);
    const [payload, signature] = token.split(".");
    const otherPayload = Buffer.from("shop_b|cust_1|rec_1|1798020000").toString("base64url");
    expect(verifyCustomerLink(`${otherPayload}.${signature}`, secret, now)).toEqual({ ok: false, reason: "bad_signature" });
    const flipped = signature.slice(0, -2) + (signature.at(-2) === "A" ? "B" : "A") + signature.at(-1);
    expect(verifyCustomerLink(`${payload}.${flipped}`, secret, now)).toEqual({ ok: false, reason: "bad_signature" });
    expect(verifyCustomerLink(token, "another-secret", now)).toEqual({ ok: false, reason: "bad_signature" });
    expect(verifyCustomerLink(token, secret, new Date("2026-12-24T00:00:00Z"))).toEqual({ ok: false, reason: "expired" });
    // the last character of a 32-byte signature carries two spare bits: a variant of it is not accepted either
    const last = signature.at(-1)!;
    const spare = String.fromCharCode(last.charCodeAt(0) ^ 1);
    expect(verifyCustomerLink(`${payload}.${signature.slice(0, -1)}${spare}`, secret, now).ok).toBe(false);
    for (const junk of ["", "abc", "../../etc/passwd", `${payload}.`, "x".repeat(5000)]) {
      expect(verifyCustomerLink(junk, secret, now)).toEqual({ ok: false, reason: "malformed" });
    }
  });
});

describe("link lifetime", () => {
  it("refuses a correctly signed link that would live longer than any link we issue", () => {
    const forever = { ...link, expiresAt: new Date("2036-01-01T00:00:00Z") };
    expect(verifyCustomerLink(signCustomerLink(forever, secret), secret, now)).toEqual({ ok: false, reason: "malformed" });
    const longest = { ...link, expiresAt: new Date(now.getTime() + 60 * 86_400_000) };
    expect(verifyCustomerLink(signCustomerLink(longest, secret), secret, now).ok).toBe(true);
  });
});
