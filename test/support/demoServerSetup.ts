import { execFileSync } from "node:child_process";
import type { TestProject } from "vitest/node";
import { ensureBuilt } from "./buildApp";
import { freshDatabaseUrl, startAppServer } from "./appServer";

/** The clock of the browser tests: the demo book and the server agree on "today". */
export const DEMO_NOW = "2026-11-23T12:00:00.000Z";

export default async function setup(project: TestProject) {
  ensureBuilt();
  const databaseUrl = freshDatabaseUrl("browser");
  execFileSync("npx", ["tsx", "scripts/seed.ts"], { env: { ...process.env, DATABASE_URL: databaseUrl, DUNLY_NOW: DEMO_NOW }, stdio: "ignore" });
  const server = await startAppServer({ DUNLY_DEMO: "1", DUNLY_NOW: DEMO_NOW }, databaseUrl);
  project.provide("baseUrl", server.baseUrl);
  project.provide("databaseUrl", databaseUrl);
  return () => server.stop();
}
