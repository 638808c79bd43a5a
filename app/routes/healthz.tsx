import db from "../db.server";
import { clock } from "../clock.server";
import { healthReport } from "../services/ingest/health";
import { workerHeartbeat } from "../services/ingest/queueRunner.server";

/** For a load balancer or supervisor: 200 while the database answers and the queue moves, else 503 with the reasons. */
export async function loader() {
  const report = await healthReport(db, { ...workerHeartbeat, works: workerHeartbeat.works() }, clock());
  return Response.json(report, { status: report.ok ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
