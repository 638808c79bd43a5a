import type { LoaderFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { requireAdmin } from "../auth.server";
import { EXPORTS, exportCsv, type ExportTable } from "../services/reports";

/** CSV download of one table: /app/export/receivables, /app/export/messages, ... */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { shop } = await requireAdmin(request);
  const table = params.table ?? "";
  if (!(EXPORTS as readonly string[]).includes(table)) {
    return new Response(`Unknown export "${table}"; use one of ${EXPORTS.join(", ")}`, { status: 404 });
  }
  return new Response(await exportCsv(db, shop, table as ExportTable), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="dunly-${table}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
