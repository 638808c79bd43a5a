/**
 * Starts the built app with its server (server/index.mjs) on a free port and a fresh database, the way production
 * runs it, for tests that talk to it over real HTTP.
 */
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";

export const TEST_API_KEY = "dunly-test-key";
export const TEST_API_SECRET = "dunly-test-secret-0123456789";
/** Resend signing secrets are "whsec_" + base64 key, as the Resend dashboard shows them */
export const TEST_RESEND_WEBHOOK_SECRET = `whsec_${Buffer.from("dunly-test-resend-signing-key-32b").toString("base64")}`;

export interface AppServer {
  baseUrl: string;
  pid: number | undefined;
  databaseUrl: string;
  /** what the process printed, for failure messages */
  output(): string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export type TestDatabaseKind = "sqlite" | "postgresql";

/**
 * A new, migrated database: a SQLite file, or a new database on the test run's PostgreSQL
 * server (DUNLY_TEST_POSTGRES_URL, started by scripts/test.sh, unless another server is given).
 */
export function freshDatabaseUrl(name: string, kind: TestDatabaseKind = "sqlite", server = process.env.DUNLY_TEST_POSTGRES_URL): string {
  let url: string;
  if (kind === "postgresql") {
    if (!server) throw new Error("DUNLY_TEST_POSTGRES_URL is not set");
    const database = `dunly_${name}_${process.pid}_${Date.now()}`.replace(/[^a-z0-9_]/g, "_");
    execFileSync("node", ["-e", `const pg=require("pg");const c=new pg.Client(process.argv[1]);c.connect().then(()=>c.query('CREATE DATABASE "${database}"')).then(()=>c.end())`, server]);
    url = server.replace(/\/[^/?]*(\?|$)/, `/${database}$1`);
  } else {
    url = `file:${path.join(mkdtempSync(path.join(os.tmpdir(), `dunly-${name}-`)), "test.sqlite")}`;
  }
  execFileSync("npx", ["tsx", "scripts/migrate.ts"], { env: { ...process.env, DATABASE_URL: url }, stdio: "ignore" });
  return url;
}

export async function startAppServer(env: Record<string, string>, databaseUrl: string, port?: number): Promise<AppServer> {
  port ??= await freePort();
  const child: ChildProcess = spawn("node", ["server/index.mjs", "build/server/index.js"], {
    env: {
      ...process.env, NODE_ENV: "test", PORT: String(port), HOST: "127.0.0.1", DATABASE_URL: databaseUrl,
      SHOPIFY_API_KEY: TEST_API_KEY, SHOPIFY_API_SECRET: TEST_API_SECRET, SHOPIFY_APP_URL: `http://localhost:${port}`,
      RESEND_WEBHOOK_SECRET: TEST_RESEND_WEBHOOK_SECRET,
      // one process unless a test asks for more: tests measure and kill "the server" by its pid
      DUNLY_WEB_PROCESSES: "1",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const baseUrl = `http://localhost:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`app server exited: ${output}`);
    try {
      const response = await fetch(`${baseUrl}/webhooks`);
      if (response.status === 405) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`app server did not start: ${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    baseUrl,
    pid: child.pid,
    databaseUrl,
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      // the server closes gracefully and open keep-alive sockets can hold it: do not wait forever
      const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export interface WorkerProcess {
  pid: number;
  /** SIGKILL to the whole process group: a crash, not a shutdown */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/** `npm run worker`'s process (server/worker.mjs on the build) on the given database. */
export function startWorkerProcess(databaseUrl: string, env: Record<string, string> = {}): WorkerProcess {
  // as `npm run worker` starts it
  const child = spawn("node", ["--max-semi-space-size=4", "server/worker.mjs", "build/worker/index.js"], {
    env: { ...process.env, NODE_ENV: "test", DATABASE_URL: databaseUrl, SHOPIFY_API_KEY: TEST_API_KEY, SHOPIFY_API_SECRET: TEST_API_SECRET, ...env },
    stdio: ["ignore", "pipe", "pipe"], detached: true,
  });
  child.stdout!.resume();
  child.stderr!.resume();
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const signal = async (name: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    process.kill(-child.pid!, name);
    await exited;
  };
  return { pid: child.pid!, kill: () => signal("SIGKILL"), stop: () => signal("SIGTERM") };
}
