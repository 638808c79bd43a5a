/** What an operator or a supervisor needs to see that the app works: the database answers, the queue moves. */
import type { Db } from "../../db/client";

export interface WorkerState {
  works: boolean;
  lastDrainOkAt: Date | null;
  lastTickOkAt: Date | null;
}

export interface HealthReport {
  ok: boolean;
  database: "ok" | "error";
  /** deliveries waiting to be applied, and the age of the oldest in seconds */
  queued: number;
  oldestQueuedSeconds: number | null;
  worker: { inThisProcess: boolean; lastQueuePassSecondsAgo: number | null; lastSchedulerTickSecondsAgo: number | null };
  problems: string[];
}

/** A queue older than this, or a worker silent this long, means nothing is being applied. */
export const STUCK_AFTER_SECONDS = 120;

const secondsSince = (now: Date, then: Date | null) => (then ? Math.round((now.getTime() - then.getTime()) / 1000) : null);

export async function healthReport(db: Db, worker: WorkerState, now: Date): Promise<HealthReport> {
  const problems: string[] = [];
  let queued = 0;
  let oldestQueuedSeconds: number | null = null;
  let database: HealthReport["database"] = "ok";
  try {
    queued = await db.webhookDelivery.count({ where: { status: { in: ["queued", "failed", "processing"] } } });
    const oldest = await db.webhookDelivery.findFirst({ where: { status: { in: ["queued", "processing"] } }, orderBy: { receivedAt: "asc" }, select: { receivedAt: true } });
    oldestQueuedSeconds = secondsSince(now, oldest?.receivedAt ?? null);
  } catch (error) {
    database = "error";
    problems.push(`database: ${(error as Error).message.split("\n").at(-1)}`);
  }
  if (oldestQueuedSeconds !== null && oldestQueuedSeconds > STUCK_AFTER_SECONDS) problems.push(`the oldest queued delivery waits ${oldestQueuedSeconds} s`);
  const lastQueuePass = secondsSince(now, worker.lastDrainOkAt);
  if (worker.works && queued > 0 && (lastQueuePass === null || lastQueuePass > STUCK_AFTER_SECONDS)) problems.push("this process's worker has not finished a queue pass lately");
  return {
    ok: problems.length === 0, database, queued, oldestQueuedSeconds,
    worker: { inThisProcess: worker.works, lastQueuePassSecondsAgo: lastQueuePass, lastSchedulerTickSecondsAgo: secondsSince(now, worker.lastTickOkAt) },
    problems,
  };
}
