/**
 * npm run worker: a background worker process for running at scale. Web processes started with
 * DUNLY_WORKER=off only store webhook deliveries and serve the app; one or more of these apply
 * the deliveries, tick the reminder scheduler and reconcile nightly (all safe to run in parallel
 * against PostgreSQL: claims are atomic, receivables are recomputed under a row lock).
 */
import { runWorker } from "../app/services/ingest/queueRunner.server";
import db from "../app/db.server";

const stopped = new Promise<void>((resolve) => {
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.once(signal, () => resolve());
});
console.info(`dunly worker ${process.pid}: applying webhooks and running follow-up`);
await runWorker(stopped);
await db.$disconnect();
console.info(`dunly worker ${process.pid}: stopped`);
