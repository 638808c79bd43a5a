import { describe, expect, it } from "vitest";
import { AdminApiError, type AdminGraphql } from "../../app/adapters/shopify/graphql/client";
import { AdminUnavailable, isUnavailability, resetCircuitBreakers, withCircuitBreaker } from "../../app/adapters/shopify/graphql/circuitBreaker";
import { retryDelayMs } from "../../app/services/ingest/webhookQueue";

/** A transport whose answers the test scripts: "ok", "down" (a 503) or "wrong" (Shopify answered with errors). */
function scripted(answers: ("ok" | "down" | "wrong")[]): AdminGraphql & { calls: number } {
  const transport = {
    calls: 0,
    async request<T>(): Promise<T> {
      const answer = answers[transport.calls++] ?? "ok";
      if (answer === "down") throw new AdminApiError("Admin API 503 for s.myshopify.com");
      if (answer === "wrong") throw new AdminApiError("Field 'x' doesn't exist on type 'Order'");
      return {} as T;
    },
  };
  return transport;
}

describe("the Admin API circuit breaker", () => {
  it("opens after three failures in a row, lets one trial through after the pause, and closes on its success", async () => {
    resetCircuitBreakers();
    let now = 0;
    const transport = scripted(["down", "down", "down", "down", "ok", "ok"]);
    const admin = withCircuitBreaker("a.myshopify.com", transport, () => now);
    for (let i = 0; i < 3; i++) await expect(admin.request("q")).rejects.toThrow("503");
    await expect(admin.request("q")).rejects.toBeInstanceOf(AdminUnavailable);
    expect(transport.calls).toBe(3); // open: Shopify is not called
    now = 30_000;
    await expect(admin.request("q")).rejects.toThrow("503"); // the trial fails: open twice as long
    now = 30_000 + 59_000;
    const error = await admin.request<never>("q").catch((e: unknown) => e as AdminUnavailable);
    expect(error).toBeInstanceOf(AdminUnavailable);
    expect(error.retryAt).toEqual(new Date(90_000));
    now = 90_000;
    await expect(admin.request("q")).resolves.toEqual({});
    await expect(admin.request("q")).resolves.toEqual({});
    expect(transport.calls).toBe(6);
  });

  it("a request Shopify answers with errors is the request's fault, not an outage", async () => {
    resetCircuitBreakers();
    const admin = withCircuitBreaker("b.myshopify.com", scripted(["wrong", "wrong", "wrong", "wrong", "ok"]), () => 0);
    for (let i = 0; i < 4; i++) await expect(admin.request("q")).rejects.toThrow("doesn't exist");
    await expect(admin.request("q")).resolves.toEqual({});
    expect(isUnavailability(new AdminApiError("Admin API 429 for x"))).toBe(true);
    expect(isUnavailability(new AdminApiError("Admin API did not answer within 10000 ms for x"))).toBe(true);
    expect(isUnavailability(new AdminApiError("Admin API 401 for x"))).toBe(false);
  });
});

describe("delivery back-off", () => {
  it("doubles per attempt from 10 s up to 30 minutes, with jitter between half and the whole step", () => {
    expect([1, 2, 3, 8].map((a) => retryDelayMs(a, () => 1))).toEqual([10_000, 20_000, 40_000, 1_280_000]);
    expect(retryDelayMs(20, () => 1)).toBe(30 * 60_000);
    expect(retryDelayMs(1, () => 0)).toBe(5_000);
  });
});
