import type { LoaderFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { requireAdmin } from "../auth.server";
import { clock } from "../clock.server";
import { EXPORTS, exportCsv, exportJson, type ExportTable } from "../services/insight/reports";

const download = (body: string, type: string, filename: string) =>
  new Response(body, {
    headers: { "Content-Type": `${type}; charset=utf-8`, "Content-Disposition": `attachment; filename="${filename}"`, "Cache-Control": "no-store" },
  });

/**
 * Download of one table: /app/export/receivables (CSV, for spreadsheets), /app/export/receivables.json
 * (the same rows for machines: phone numbers and zip codes exactly as stored), likewise every table.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { shop } = await requireAdmin(request);
  const [table, format = "csv"] = (params.table ?? "").split(/\.(?=json$)/);
  if (!(EXPORTS as readonly string[]).includes(table)) {
    return new Response(`Unknown export "${params.table}"; use one of ${EXPORTS.join(", ")}, each also as .json`, { status: 404 });
  }
  if (format === "json") return download(await exportJson(db, shop, table as ExportTable, clock()), "application/json", `dunly-${table}.json`);
  return download(await exportCsv(db, shop, table as ExportTable, clock()), "text/csv", `dunly-${table}.csv`);
}
