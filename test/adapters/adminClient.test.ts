import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdminApiError, createAdminClient, MAX_RETRY_AFTER_MS, retryDelayMs } from "../../app/adapters/shopify/graphql/client";

let server: http.Server;
let origin: string;
let seen = 0;

beforeAll(async () => {
  // an Admin API that takes the request and never answers
  server = http.createServer(() => {
    seen += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe("Admin API client limits", () => {
  it("gives up on a call that hangs after its timeout, each attempt", async () => {
    const admin = createAdminClient({ shop: "hung.myshopify.com", accessToken: "t", apiVersion: "2025-10", origin, timeoutMs: 150, maxAttempts: 2 });
    const started = performance.now();
    await expect(admin.request("{ shop { name } }")).rejects.toThrow(AdminApiError);
    expect(seen).toBe(2);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it("waits Retry-After only up to its cap, and falls back to a back-off for nonsense", () => {
    expect(retryDelayMs("2", 1)).toBe(2_000);
    expect(retryDelayMs("3600", 1)).toBe(MAX_RETRY_AFTER_MS);
    expect(retryDelayMs("soon", 2)).toBe(1_000);
    expect(retryDelayMs("-5", 1)).toBe(500);
    expect(retryDelayMs(null, 1)).toBe(500);
  });
});
