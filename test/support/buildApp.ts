/** Builds the app (Remix server and worker bundle) once per test run (scripts/test.sh builds before vitest; this covers direct runs). */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

export function ensureBuilt(): void {
  if (process.env.DUNLY_SKIP_BUILD === "1" && existsSync("build/server/index.js") && existsSync("build/worker/index.js")) return;
  execFileSync("npm", ["run", "build"], { stdio: "ignore" });
}
