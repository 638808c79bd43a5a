import { describe, expect, inject, it } from "vitest";

const baseUrl = inject("baseUrl");

describe("the demo login is closed unless demo mode is switched on", () => {
  it("GET /demo is a 404 on a server without DUNLY_DEMO=1", async () => {
    expect((await fetch(`${baseUrl}/demo`, { redirect: "manual" })).status).toBe(404);
  });

  it("a forged demo cookie does not open the admin", async () => {
    const response = await fetch(`${baseUrl}/app`, { redirect: "manual", headers: { cookie: "dunly_demo=ImR1bmx5LWRlbW8ubXlzaG9waWZ5LmNvbSI%3D" } });
    expect(response.status).not.toBe(200);
    expect(await response.text()).not.toContain("Credit overview");
  });
});
