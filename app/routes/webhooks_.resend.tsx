import type { ActionFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { tooLarge } from "../http/readBody.server";
import { readResendEvent } from "../adapters/email/resendEvents";
import { applyEmailEvent } from "../services/followUp/emailEvents";

/** Resend's delivery events for the reminder emails (Resend dashboard: Webhooks, endpoint /webhooks/resend). */
export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return Response.json({ error: "webhooks are POST requests" }, { status: 405 });
  const read = await readResendEvent(request, process.env.RESEND_WEBHOOK_SECRET);
  if (!read.ok && read.status === 413) return tooLarge(read.error);
  if (!read.ok) return Response.json({ error: read.error }, { status: read.status });
  // events that change nothing for the follow-up (sent, delivered, opened, ...) are acknowledged and dropped
  if (!read.event) return Response.json({ ok: true, ignored: true });
  return Response.json({ ok: true, result: await applyEmailEvent(db, read.event) });
}

export function loader() {
  return Response.json({ error: "webhooks are POST requests" }, { status: 405 });
}
