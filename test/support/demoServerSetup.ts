import { execFileSync } from "node:child_process";
import type { TestProject } from "vitest/node";
import { ensureBuilt } from "./buildApp";
import { freePort, freshDatabaseUrl, startAppServer, TEST_API_SECRET } from "./appServer";

/** The clock of the browser tests: the demo book and the server agree on "today". */
export const DEMO_NOW = "2026-11-23T12:00:00.000Z";

export default async function setup(project: TestProject) {
  ensureBuilt();
  const databaseUrl = freshDatabaseUrl("browser");
  const port = await freePort();
  // seeded with the server's address and secret, so the reminders carry working customer-page links
  execFileSync("npx", ["tsx", "scripts/seed.ts"], {
    env: { ...process.env, DATABASE_URL: databaseUrl, DUNLY_NOW: DEMO_NOW, SHOPIFY_API_SECRET: TEST_API_SECRET, SHOPIFY_APP_URL: `http://localhost:${port}` },
    stdio: "ignore",
  });
  const server = await startAppServer({ DUNLY_DEMO: "1", DUNLY_NOW: DEMO_NOW }, databaseUrl, port);
  project.provide("baseUrl", server.baseUrl);
  project.provide("databaseUrl", databaseUrl);
  return () => server.stop();
}
