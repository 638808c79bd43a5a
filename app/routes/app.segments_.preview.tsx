import type { LoaderFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { clock } from "../clock.server";
import { requireAdmin } from "../auth.server";
import { previewGroupedStep, previewStep } from "../services/followUp/segmentEditor";
import { PURPOSES, TONES, type StepPurpose, type Tone } from "../domain/flows";

/** The email of a step as the customer would get it, rendered with a sample order (live preview). */
export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await requireAdmin(request);
  const params = new URL(request.url).searchParams;
  const purpose = params.get("purpose") ?? "";
  const tone = params.get("tone") ?? "";
  if (!(PURPOSES as readonly string[]).includes(purpose) || !(TONES as readonly string[]).includes(tone)) {
    return Response.json({ error: "unknown purpose or tone" }, { status: 400 });
  }
  const full = await db.shop.findUniqueOrThrow({ where: { id: shop.id } });
  const step = { purpose: purpose as StepPurpose, tone: tone as Tone, chargesFee: params.get("fee") === "1" };
  const locale = params.get("locale") ?? "en";
  const email = params.get("grouped") === "1" ? await previewGroupedStep(full, step, locale, clock()) : await previewStep(full, step, locale, clock());
  return Response.json({ subject: email.subject, html: email.html });
}
