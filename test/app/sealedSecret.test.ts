import { describe, expect, it, vi } from "vitest";
import { openSecret, sealSecret } from "../../app/db/sealedSecret";

describe("credentials sealed at rest", () => {
  it("open to what was sealed, never store the plain text, and differ each time", () => {
    const sealed = sealSecret("live_abcdefghijklmnopqrstuvwxyz0123", "app-secret");
    expect(sealed).toMatch(/^sealed:v1:/);
    expect(sealed).not.toContain("live_abc");
    expect(openSecret(sealed, "app-secret")).toBe("live_abcdefghijklmnopqrstuvwxyz0123");
    expect(sealSecret("same", "app-secret")).not.toBe(sealSecret("same", "app-secret"));
  });

  it("a value stored before sealing reads as it is; nothing stored is null", () => {
    expect(openSecret("test_legacyPlainKey0123456789abcdef", "app-secret")).toBe("test_legacyPlainKey0123456789abcdef");
    expect(openSecret(null, "app-secret")).toBeNull();
    expect(openSecret("", "app-secret")).toBeNull();
  });

  it("another app secret or a changed byte opens nothing (the merchant enters it again)", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const sealed = sealSecret("correct horse", "app-secret");
    expect(openSecret(sealed, "another-secret")).toBeNull();
    const flipped = sealed.slice(0, -2) + (sealed.at(-2) === "A" ? "B" : "A") + sealed.at(-1);
    expect(openSecret(flipped, "app-secret")).toBeNull();
    expect(openSecret("sealed:v1:garbage", "app-secret")).toBeNull();
    expect(warn).toHaveBeenCalledTimes(3);
    warn.mockRestore();
  });
});
