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

describe("demo mode environments", () => {
  it("is on only in the demo, development and test environments", () => {
    vi.stubEnv("DUNLY_DEMO", "1");
    for (const env of ["demo", "development", "test"]) {
      vi.stubEnv("NODE_ENV", env);
      expect(isDemoMode()).toBe(true);
    }
    for (const env of ["staging", "prod", "", "Production"]) {
      vi.stubEnv("NODE_ENV", env);
      expect(isDemoMode()).toBe(false);
    }
  });
});

describe("loopback addresses", () => {
  it("knows this machine from a socket's address", async () => {
    const { isLoopbackAddress } = await import("../../app/http/remoteAddress");
    for (const address of ["127.0.0.1", "127.8.9.10", "::1", "::ffff:127.0.0.1"]) expect(isLoopbackAddress(address)).toBe(true);
    for (const address of ["192.0.2.2", "::ffff:192.0.2.2", "fd00::2", "", "localhost", "127.0.0.1.evil", "0.0.0.0"]) expect(isLoopbackAddress(address)).toBe(false);
  });
});

describe("access log redaction", () => {
  it("keeps the shape of a request but not its bearer secrets", async () => {
    const { redactUrl } = await import("../../server/redactUrl.mjs");
    expect(redactUrl("/c/eyJzaG9wIjoiYSJ9.abc_DEF-123")).toBe("/c/[token]");
    expect(redactUrl("/proxy/c/abc.def?shop=a.myshopify.com&signature=f00")).toBe("/proxy/c/[token]?shop=a.myshopify.com&signature=[redacted]");
    expect(redactUrl("/app?embedded=1&id_token=eyJhbGciOi.x.y&host=YWRtaW4")).toBe("/app?embedded=1&id_token=[redacted]&host=YWRtaW4");
    expect(redactUrl("/app/receivables?page=2")).toBe("/app/receivables?page=2");
  });
});
