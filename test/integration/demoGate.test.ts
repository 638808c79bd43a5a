import http from "node:http";
import os from "node:os";
import { describe, expect, inject, it } from "vitest";
import { freshDatabaseUrl, startAppServer } from "../support/appServer";

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

/** This machine's first address that is not loopback, if it has one. */
function outsideAddress(): string | undefined {
  return Object.values(os.networkInterfaces()).flat().find((a) => a && a.family === "IPv4" && !a.internal)?.address;
}

/** A GET with a Host header of our choosing, sent to a given address. */
function getWithHost(address: string, port: number, path: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: address, port, path, headers: { Host: host } }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on("error", reject);
  });
}

describe.skipIf(!outsideAddress())("the demo login from another machine", () => {
  const demoEnv = { DUNLY_DEMO: "1", NODE_ENV: "test" };

  it("the demo listens on loopback only unless HOST says otherwise", async () => {
    const server = await startAppServer({ ...demoEnv, HOST: "" }, freshDatabaseUrl("demo-bind"));
    try {
      const port = Number(new URL(server.baseUrl).port);
      expect(await getWithHost("127.0.0.1", port, "/demo", "localhost")).toBe(302);
      await expect(getWithHost(outsideAddress()!, port, "/demo", "localhost")).rejects.toThrow(/ECONNREFUSED/);
    } finally {
      await server.stop();
    }
  });

  it("bound to every interface, a request from a non-loopback address is refused whatever its Host header", async () => {
    const server = await startAppServer({ ...demoEnv, HOST: "0.0.0.0" }, freshDatabaseUrl("demo-remote"));
    try {
      const port = Number(new URL(server.baseUrl).port);
      expect(await getWithHost(outsideAddress()!, port, "/demo", "localhost")).toBe(404);
      expect(await getWithHost(outsideAddress()!, port, "/demo", `127.0.0.1:${port}`)).toBe(404);
      expect(await getWithHost("127.0.0.1", port, "/demo", "localhost")).toBe(302);
    } finally {
      await server.stop();
    }
  });
});
