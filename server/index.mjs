/**
 * The app's HTTP server (npm start, npm run demo, the tests): Remix on Express, as remix-serve runs
 * it, plus what remix-serve cannot give: the socket's address for the demo login, an access log
 * without bearer tokens, and the demo bound to this machine only.
 *
 * Webhooks are answered before Remix (the build's webhookIngress), and the work behind them (applying
 * deliveries, the scheduler) runs in a worker process this server starts and replaces
 * (server/worker.mjs), so the answering event loop only answers. DUNLY_WORKER=off starts none
 * (then `npm run worker` processes do the work).
 *
 * On PostgreSQL it uses every core: one web process per core (node:cluster) plus the worker.
 * DUNLY_WEB_PROCESSES sets the number (1: a single process, as on SQLite, whose driver shares one
 * connection per process).
 */
import cluster from "node:cluster";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import http from "node:http";
import express from "express";
import compression from "compression";
import morgan from "morgan";
import { createRequestHandler } from "@remix-run/express";
import { installGlobals } from "@remix-run/node";
import { redactUrl } from "./redactUrl.mjs";
import { crossOriginPost } from "./crossOrigin.mjs";
import { coalesced, startWorkerProcess } from "./workerProcess.mjs";

process.env.NODE_ENV = process.env.NODE_ENV ?? "production";

const onPostgres = /^postgres(ql)?:/.test(process.env.DATABASE_URL ?? "");
const webProcesses = onPostgres ? Number(process.env.DUNLY_WEB_PROCESSES || os.availableParallelism()) : 1;
const buildPath = path.resolve(process.argv[2] ?? "build/server/index.js");
const withWorker = process.env.DUNLY_WORKER !== "off";

if (cluster.isPrimary && webProcesses > 1) {
  superviseWebProcesses(webProcesses);
} else if (cluster.isWorker) {
  // the supervisor is gone (killed, crashed): no web process outlives it
  process.on("disconnect", () => process.exit(0));
  // the supervisor runs the worker (unless DUNLY_WORKER=off) and relays between it and this process
  await serve(withWorker ? {
    kick: coalesced(() => process.connected && process.send("kick", () => undefined)),
    onHeartbeat: (hear) => process.on("message", (message) => message?.heartbeat && hear(message.heartbeat)),
  } : null);
} else {
  let heard = null;
  const worker = withWorker ? startWorkerProcess(buildPath, (beat) => heard?.(beat)) : null;
  await serve(worker && { kick: worker.kick, onHeartbeat: (hear) => (heard = hear) }, () => worker?.stop() ?? Promise.resolve());
}

/**
 * Forks the web processes and the worker, replaces a web process that dies, relays kicks from the
 * web processes to the worker and its heartbeat back, and stops them all on SIGTERM / SIGINT.
 */
function superviseWebProcesses(count) {
  let stopping = false;
  const worker = withWorker ? startWorkerProcess(buildPath, (heartbeat) => {
    for (const web of Object.values(cluster.workers ?? {})) if (web?.isConnected()) web.send({ heartbeat }, () => undefined);
  }) : null;
  cluster.on("message", (_web, message) => {
    if (message === "kick") worker?.kick();
  });
  for (let i = 0; i < count; i++) cluster.fork();
  cluster.on("exit", (web, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    console.error(`[dunly] web process ${web.process.pid} ended (${signal ?? code}); starting another`);
    cluster.fork();
  });
  for (const signal of ["SIGTERM", "SIGINT"]) {
    process.once(signal, () => {
      stopping = true;
      for (const web of Object.values(cluster.workers ?? {})) web?.kill(signal);
      void worker?.stop();
      setTimeout(() => process.exit(0), 6_000).unref();
    });
  }
  console.log(`[dunly] ${count} web processes${worker ? " and a worker process" : ""}`);
}

/** `worker`: how to reach the worker process that applies what this one stores (none: DUNLY_WORKER=off). */
async function serve(worker, stopWorker = () => Promise.resolve()) {
  const build = await import(pathToFileURL(buildPath).href);
  installGlobals({ nativeFetch: build.future.v3_singleFetch });

  const app = express();
  app.disable("x-powered-by");
  app.use(compression());
  app.use(build.publicPath, express.static(build.assetsBuildDirectory, { immutable: true, maxAge: "1y" }));
  app.use(express.static("public", { maxAge: "1h" }));
  morgan.token("safe-url", (req) => redactUrl(req.originalUrl ?? req.url));
  app.use(morgan(":method :safe-url :status :res[content-length] - :response-time ms"));
  app.use((req, res, next) => {
    if (!crossOriginPost(req.headers, req.method, req.path)) return next();
    res.status(403).json({ ok: false, error: "cross-origin request refused: the Origin header is not this app" });
  });
  app.all("*", createRequestHandler({
    build,
    // Remix shows error messages and stacks (Prisma's included) to the client in any mode but production
    mode: process.env.NODE_ENV === "development" ? "development" : "production",
    // the address the request really came from, not what its Host header claims
    getLoadContext: (req) => ({ remoteAddress: req.socket.remoteAddress ?? "" }),
  }));

  if (worker) {
    build.entry.module.onQueueKick(worker.kick);
    worker.onHeartbeat(build.entry.module.workerReported);
  }

  const port = Number(process.env.PORT || 3000);
  // the demo logs anyone in who reaches it: unless told otherwise, only this machine can
  const host = process.env.HOST || (process.env.DUNLY_DEMO === "1" ? "127.0.0.1" : undefined);
  const server = http.createServer((req, res) => {
    if (req.method === "POST" && isWebhookPath(req.url)) return answerWebhook(build, req, res);
    app(req, res);
  });
  server.listen(port, host, () => console.log(`[dunly] http://${host ?? "localhost"}:${port}`));
  for (const signal of ["SIGTERM", "SIGINT"]) {
    process.once(signal, () => {
      const workerStopped = stopWorker();
      server.close(() => void workerStopped.then(() => process.exit(0)));
      // keep-alive sockets may hold the close: requests in flight get a few seconds
      setTimeout(() => process.exit(0), 5_000).unref();
    });
  }
}

const isWebhookPath = (url = "") => url === "/webhooks" || url.startsWith("/webhooks?");

/**
 * Shopify's webhooks are answered by plain node:http, ahead of Express and its middleware: the
 * answer is a few bytes (nothing to compress), no browser sends them (no Origin to check), and
 * every accepted delivery is a row of the queue, so only refusals are logged here.
 */
function answerWebhook(build, req, res) {
  const started = performance.now();
  build.entry.module.webhookIngress(req, res).catch((error) => {
    // as Remix would answer a thrown error in production: no details to the sender
    console.error("webhook:", error);
    if (res.headersSent) return void res.destroy();
    const body = JSON.stringify({ error: "unexpected server error" });
    res.writeHead(500, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) }).end(body);
  }).finally(() => {
    if (res.statusCode >= 300) console.log(`POST /webhooks ${res.statusCode} - ${(performance.now() - started).toFixed(3)} ms`);
  });
}
