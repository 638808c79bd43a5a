import type { LoaderFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { requireAdmin } from "../auth.server";
import { clock } from "../clock.server";
import { EXPORTS, exportCsv, type ExportTable } from "../services/reports";
import { handOverJson } from "../services/handOverFile";

const download = (body: string, type: string, filename: string) =>
  new Response(body, {
    headers: { "Content-Type": `${type}; charset=utf-8`, "Content-Disposition": `attachment; filename="${filename}"`, "Cache-Control": "no-store" },
  });

/** CSV download of one table: /app/export/receivables, /app/export/messages, ...; the hand-over file also as /app/export/handover.json */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { shop } = await requireAdmin(request);
  const table = params.table ?? "";
  if (table === "handover.json") return download(await handOverJson(db, shop, clock()), "application/json", "dunly-handover.json");
  if (!(EXPORTS as readonly string[]).includes(table)) {
    return new Response(`Unknown export "${table}"; use one of ${EXPORTS.join(", ")} or handover.json`, { status: 404 });
  }
  return download(await exportCsv(db, shop, table as ExportTable, clock()), "text/csv", `dunly-${table}.csv`);
}
