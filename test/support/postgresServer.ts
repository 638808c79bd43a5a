/** A PostgreSQL server of a test's own (scripts/postgres.sh), for tests that restart it. */
import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import { chmodSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export interface PostgresServer {
  url: string;
  /** a fast restart (connections cut), resolved when it accepts connections again */
  restart(): Promise<void>;
  stop(): void;
}

/** Null when PostgreSQL cannot run on this machine (scripts/test.sh says so; CI has it). */
export function startPostgres(): PostgresServer | null {
  const dir = mkdtempSync(path.join(os.tmpdir(), "dunly-pg-own-"));
  chmodSync(dir, 0o755);
  const url = execFileSync("bash", ["scripts/postgres.sh", dir], { encoding: "utf8" }).trim();
  if (!url) return null;
  return {
    url,
    restart: async () => void (await promisify(execFile)("bash", ["scripts/postgres.sh", "--restart", dir])),
    stop: () => execFileSync("bash", ["scripts/postgres.sh", "--stop", dir]),
  };
}
