/** A scheduler tick in a process of its own (test/support/tickProcess.ts), killed at the worst moment. */
import { spawn } from "node:child_process";
import type { FakeResend } from "./fakeResend";

/**
 * Runs a tick in a child process and kills it (SIGKILL) while it waits for Resend's answer to an
 * email Resend accepted: the worst moment, sent but not recorded as sent.
 */
export async function tickAndKill(
  databaseUrl: string, resend: FakeResend, apiKey: string, at: Date, killAfter: number,
): Promise<{ killed: boolean; output: string }> {
  resend.loseAnswerAfter(killAfter);
  const child = spawn("npx", ["tsx", "test/support/tickProcess.ts"], {
    env: { ...process.env, DATABASE_URL: databaseUrl, RESEND_API_KEY: apiKey, RESEND_BASE_URL: resend.baseUrl, DUNLY_TICK_AT: at.toISOString() },
    stdio: ["ignore", "pipe", "pipe"], detached: true,
  });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  let killed = false;
  while (child.exitCode === null && child.signalCode === null) {
    if (resend.emails.length > killAfter) {
      process.kill(-child.pid!, "SIGKILL"); // the whole group: npx, tsx and node
      killed = true;
      break;
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  await exited;
  return { killed, output };
}
