import { afterEach, describe, expect, it, vi } from "vitest";
import { isDemoMode } from "../../app/config.server";

afterEach(() => vi.unstubAllEnvs());

describe("demo mode switch", () => {
  it("needs DUNLY_DEMO=1", () => {
    vi.stubEnv("NODE_ENV", "test");
    vi.stubEnv("DUNLY_DEMO", "");
    expect(isDemoMode()).toBe(false);
    vi.stubEnv("DUNLY_DEMO", "1");
    expect(isDemoMode()).toBe(true);
  });

  it("is never on in production", () => {
    vi.stubEnv("NODE_ENV", "production");
    vi.stubEnv("DUNLY_DEMO", "1");
    expect(isDemoMode()).toBe(false);
  });
});
