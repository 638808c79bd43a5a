/**
 * One scheduler tick in a process of its own, sending through Resend's API (RESEND_API_KEY,
 * RESEND_BASE_URL) at the instant DUNLY_TICK_AT: the process a fault test kills mid-tick.
 */
import { createDb } from "../../app/db/client";
import { mailerFromEnv } from "../../app/adapters/email/mailer";
import { runSchedulerTick } from "../../app/services/followUp/runScheduler";

const at = new Date(process.env.DUNLY_TICK_AT!);
const db = createDb(process.env.DATABASE_URL);
const result = await runSchedulerTick(db, { clock: () => at, mailer: mailerFromEnv(), batchSize: 20 });
console.log(JSON.stringify(result));
await db.$disconnect();
