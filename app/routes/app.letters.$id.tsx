import type { LoaderFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { requireAdmin } from "../auth.server";
import { letterPdf } from "../services/followUp/letters";

/** The PDF of a letter step, for staff to print and post: /app/letters/<message id>. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { shop } = await requireAdmin(request);
  const letter = await letterPdf(db, shop.id, params.id ?? "");
  if (!letter) return new Response("No such letter in this shop", { status: 404 });
  return new Response(Buffer.from(letter.pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `inline; filename="${letter.filename}"`,
      "Cache-Control": "no-store",
    },
  });
}
