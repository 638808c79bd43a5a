/** Builds the Remix app once per test run (scripts/test.sh builds before vitest; this covers direct runs). */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

export function ensureBuilt(): void {
  if (process.env.DUNLY_SKIP_BUILD === "1" && existsSync("build/server/index.js")) return;
  execFileSync("npx", ["remix", "vite:build"], { stdio: "ignore" });
}
