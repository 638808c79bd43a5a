/**
 * A worker process: applies stored webhook deliveries, runs the reminder scheduler, matches large
 * statements and reconciles nightly (runWorker of the worker bundle, build/worker/index.js: the
 * server build would also load every admin route, Polaris and Remix into its memory). server/index.mjs starts one beside its
 * web processes, over an IPC channel: "kick" comes in when a delivery is stored, a heartbeat goes
 * out every second for /healthz. `npm run worker` starts more on their own (no channel: they poll).
 */
import { execFile } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { installGlobals } from "@remix-run/node";

process.env.NODE_ENV = process.env.NODE_ENV ?? "production";
// Below the web processes in the CPU queue: answering Shopify within its timeout comes first, the
// worker takes what is left (and catches up as soon as the burst is over).
try {
  os.setPriority(0, Number(process.env.DUNLY_WORKER_NICE ?? 10));
} catch {
  // not allowed here: it runs at the web processes' priority
}
// On Linux, further: only CPU time nobody else wants (SCHED_IDLE, every thread of this process).
// The nice level alone still let the worker take most of a core between two requests on a busy
// 2-core machine, and the answers' p99 paid for it. DUNLY_WORKER_IDLE=0 keeps the nice level only.
if (process.platform === "linux" && process.env.DUNLY_WORKER_IDLE !== "0") {
  execFile("chrt", ["--all-tasks", "--idle", "-p", "0", String(process.pid)], () => undefined);
}
installGlobals({ nativeFetch: true });
const { runWorker, kickQueue, workerHeartbeat } = await import(pathToFileURL(path.resolve(process.argv[2] ?? "build/worker/index.js")).href);

const stopped = new Promise((resolve) => {
  for (const signal of ["SIGTERM", "SIGINT"]) process.once(signal, resolve);
  // the web process that started this one is gone: finish the delivery in hand and go too
  process.once("disconnect", resolve);
});

if (process.send) {
  process.on("message", (message) => {
    if (message === "kick") kickQueue();
  });
  const beat = setInterval(() => {
    if (!process.connected) return;
    process.send({ heartbeat: {
      lastDrainOkAt: workerHeartbeat.lastDrainOkAt?.toISOString() ?? null,
      lastTickOkAt: workerHeartbeat.lastTickOkAt?.toISOString() ?? null,
    } }, () => undefined);
  }, 1_000);
  beat.unref();
}

console.info(`[dunly] worker ${process.pid}: applying webhooks and running follow-up`);
await runWorker(stopped);
console.info(`[dunly] worker ${process.pid}: stopped`);
process.exit(0);
