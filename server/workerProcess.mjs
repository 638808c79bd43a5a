/** The worker process a server starts beside its web processes, replaced when it dies. */
import { fork } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const WORKER_SCRIPT = fileURLToPath(new URL("./worker.mjs", import.meta.url));
const RESTART_AFTER_MS = 1_000;
/**
 * A young generation of 4 MB semi-spaces instead of V8's 16: the worker's peak memory fell from
 * 230-248 MB to 205-214 MB in the bench with the same applying speed (its objects are short-lived
 * batches). `npm run worker` passes the same flag (package.json).
 */
const WORKER_NODE_FLAGS = ["--max-semi-space-size=4"];

/**
 * Starts server/worker.mjs on the worker bundle built beside the server build (build/worker). `kick` tells it new work is stored (coalesced: one
 * message per turn of the event loop however many webhooks arrived); `onHeartbeat` hears it.
 */
export function startWorkerProcess(buildPath, onHeartbeat) {
  let child = null;
  let stopping = false;
  const start = () => {
    child = fork(WORKER_SCRIPT, [workerBundleOf(buildPath)], { stdio: "inherit", execArgv: [...process.execArgv, ...WORKER_NODE_FLAGS] });
    child.on("message", (message) => {
      if (message && typeof message === "object" && message.heartbeat) onHeartbeat(message.heartbeat);
    });
    child.once("exit", (code, signal) => {
      if (stopping) return;
      console.error(`[dunly] worker process ${child.pid} ended (${signal ?? code}); starting another`);
      setTimeout(() => !stopping && start(), RESTART_AFTER_MS).unref();
    });
  };
  start();
  return {
    // a worker that just ended misses the kick: its replacement polls the queue when it starts
    kick: coalesced(() => child?.connected && child.send("kick", () => undefined)),
    stop: () => {
      stopping = true;
      if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      return exited;
    },
  };
}

/** build/server/index.js -> build/worker/index.js */
export function workerBundleOf(serverBuildPath) {
  return path.join(path.dirname(path.dirname(serverBuildPath)), "worker", "index.js");
}

/** At most one call per turn of the event loop. */
export function coalesced(send) {
  let pending = false;
  return () => {
    if (pending) return;
    pending = true;
    setImmediate(() => {
      pending = false;
      send();
    });
  };
}
