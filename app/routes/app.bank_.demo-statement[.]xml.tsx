import type { LoaderFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { clock } from "../clock.server";
import { requireAdmin } from "../auth.server";
import { demoStatementXml } from "../demo/demoStatement";

/** The demo shop's statement as a file, to try the upload the way a merchant would. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { shop, demo } = await requireAdmin(request);
  if (!demo) throw new Response("The demo statement is only for the demo shop", { status: 404 });
  return new Response(await demoStatementXml(db, shop.id, clock()), {
    headers: { "Content-Type": "application/xml; charset=utf-8", "Content-Disposition": 'attachment; filename="demo-statement.xml"' },
  });
}
