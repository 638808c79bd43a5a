import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { ensureBuilt } from "./buildApp";
import { freshDatabaseUrl, startAppServer } from "./appServer";
import { startFakeShopifyAdmin } from "./fakeShopifyAdmin";
import { startFakeMollie } from "./fakeMollie";
import { startFakeCreditsafe } from "./fakeCreditsafe";
import { startFakeVies } from "./fakeVies";

/** What the app's own VIES knows (the screening screens over HTTP): one registered number, one deregistered. */
export const SERVER_VIES_REGISTRY = {
  NL810462215B01: { kind: "valid", name: "FIETSENHUIS DE VRIES B.V.", address: "HOOFDSTRAAT 00001\n1011AA AMSTERDAM" },
  BE0123456749: { kind: "invalid" },
} as const;

export default async function setup(project: TestProject) {
  ensureBuilt();
  const admin = await startFakeShopifyAdmin();
  const mollie = await startFakeMollie();
  const vies = await startFakeVies({ ...SERVER_VIES_REGISTRY });
  const creditsafe = await startFakeCreditsafe();
  const statementInbox = mkdtempSync(path.join(os.tmpdir(), "dunly-inbox-"));
  const databaseKind = project.name === "integration-postgresql" ? "postgresql" : "sqlite";
  const databaseUrl = freshDatabaseUrl("integration", databaseKind);
  // the tests tick the scheduler themselves, with their own clocks: the server's own minute tick
  // on the wall clock would race them (a catch-up reminder sent in the middle of a simulated month)
  const server = await startAppServer({ DUNLY_SHOPIFY_ADMIN_ORIGIN: admin.origin, DUNLY_MOLLIE_API_ENDPOINT: mollie.apiEndpoint, DUNLY_STATEMENT_INBOX: statementInbox, DUNLY_SCHEDULER: "off",
    DUNLY_VIES_URL: vies.url, DUNLY_CREDITSAFE_URL: creditsafe.url,
  }, databaseUrl);
  project.provide("baseUrl", server.baseUrl);
  project.provide("databaseUrl", databaseUrl);
  project.provide("adminOrigin", admin.origin);
  project.provide("mollieOrigin", mollie.origin);
  project.provide("statementInbox", statementInbox);
  project.provide("databaseKind", databaseKind);
  project.provide("serverPid", server.pid ?? 0);
  return async () => {
    await server.stop();
    await admin.close();
    await mollie.close();
    await vies.close();
    await creditsafe.close();
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    databaseUrl: string;
    adminOrigin: string;
    /** the local Mollie API (test/support/fakeMollie.ts) */
    mollieOrigin: string;
    /** the app's watched folder for bank statements (DUNLY_STATEMENT_INBOX) */
    statementInbox: string;
    databaseKind: "sqlite" | "postgresql";
    /** the app server's process, for memory measurements */
    serverPid: number;
  }
}
