/**
 * The app's HTTP server (npm start, npm run demo, the tests): Remix on Express, as remix-serve runs
 * it, plus what remix-serve cannot give: the socket's address for the demo login, an access log
 * without bearer tokens, and the demo bound to this machine only.
 *
 * On PostgreSQL it uses every core: one web process per core (node:cluster), each also working the
 * queue and the scheduler (safe: claims are atomic, see README). DUNLY_WEB_PROCESSES sets the
 * number (1: a single process, as on SQLite, whose driver shares one connection per process).
 */
import cluster from "node:cluster";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import express from "express";
import compression from "compression";
import morgan from "morgan";
import { createRequestHandler } from "@remix-run/express";
import { installGlobals } from "@remix-run/node";
import { redactUrl } from "./redactUrl.mjs";
import { crossOriginPost } from "./crossOrigin.mjs";

process.env.NODE_ENV = process.env.NODE_ENV ?? "production";

const onPostgres = /^postgres(ql)?:/.test(process.env.DATABASE_URL ?? "");
const webProcesses = onPostgres ? Number(process.env.DUNLY_WEB_PROCESSES || os.availableParallelism()) : 1;

if (cluster.isPrimary && webProcesses > 1) {
  superviseWebProcesses(webProcesses);
} else {
  if (cluster.isWorker) {
    // the supervisor is gone (killed, crashed): no web process outlives it
    process.on("disconnect", () => process.exit(0));
  }
  await serve();
}

/** Forks the web processes, replaces one that dies, and stops them all on SIGTERM / SIGINT. */
function superviseWebProcesses(count) {
  let stopping = false;
  for (let i = 0; i < count; i++) cluster.fork();
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    console.error(`[dunly] web process ${worker.process.pid} ended (${signal ?? code}); starting another`);
    cluster.fork();
  });
  for (const signal of ["SIGTERM", "SIGINT"]) {
    process.once(signal, () => {
      stopping = true;
      for (const worker of Object.values(cluster.workers ?? {})) worker?.kill(signal);
      setTimeout(() => process.exit(0), 6_000).unref();
    });
  }
  console.log(`[dunly] ${count} web processes`);
}

async function serve() {
  const buildPath = path.resolve(process.argv[2] ?? "build/server/index.js");
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
    if (!crossOriginPost(req.headers, req.method)) return next();
    res.status(403).json({ ok: false, error: "cross-origin request refused: the Origin header is not this app" });
  });
  app.all("*", createRequestHandler({
    build,
    // Remix shows error messages and stacks (Prisma's included) to the client in any mode but production
    mode: process.env.NODE_ENV === "development" ? "development" : "production",
    // the address the request really came from, not what its Host header claims
    getLoadContext: (req) => ({ remoteAddress: req.socket.remoteAddress ?? "" }),
  }));

  const port = Number(process.env.PORT || 3000);
  // the demo logs anyone in who reaches it: unless told otherwise, only this machine can
  const host = process.env.HOST || (process.env.DUNLY_DEMO === "1" ? "127.0.0.1" : undefined);
  const server = app.listen(port, host, () => console.log(`[dunly] http://${host ?? "localhost"}:${port}`));
  for (const signal of ["SIGTERM", "SIGINT"]) {
    process.once(signal, () => {
      server.close(() => process.exit(0));
      // keep-alive sockets may hold the close: requests in flight get a few seconds
      setTimeout(() => process.exit(0), 5_000).unref();
    });
  }
}
