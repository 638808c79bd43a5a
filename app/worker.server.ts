/**
 * The worker process's entry (server/worker.mjs), built on its own (vite.worker.config.ts): the
 * queue, the scheduler and the nightly work without the admin's routes, Polaris and Remix's
 * server, which the worker never serves and would only hold in memory.
 */
export { kickQueue, runWorker, workerHeartbeat } from "./services/ingest/queueRunner.server";
