/**
 * Resend's webhooks (Svix-signed: svix-id, svix-timestamp, svix-signature over the raw body)
 * -> what happened to one of our emails. Only what changes how we follow up is read: a hard
 * bounce, an address Resend suppresses, a spam complaint.
 */
import { Resend } from "resend";
import { BodyTooLarge, readBodyBytes } from "../../http/readBody.server";

const MAX_EVENT_BYTES = 256 * 1024;

export type EmailOutcome = "bounced" | "complained";

export interface EmailEvent {
  /** Resend's id of the email, which we stored as the message's providerId */
  emailId: string;
  outcome: EmailOutcome;
  reason: string;
  occurredAt: Date;
}

export type ReadEvent =
  | { ok: true; event: EmailEvent | null }
  | { ok: false; status: 400 | 401 | 413 | 503; error: string };

const verifier = new Resend("re_webhook_verification_only");

function outcomeOf(type: string, data: Record<string, unknown>): { outcome: EmailOutcome; reason: string } | null {
  if (type === "email.complained") return { outcome: "complained", reason: "the customer marked the email as spam" };
  if (type === "email.suppressed") {
    const suppressed = (data.suppressed ?? {}) as { message?: string };
    return { outcome: "bounced", reason: `suppressed by Resend: ${suppressed.message ?? "the address bounced or complained before"}` };
  }
  if (type === "email.bounced") {
    const bounce = (data.bounce ?? {}) as { type?: string; subType?: string; message?: string };
    // Resend sends email.bounced for permanent rejections; should one say "Transient" (mailbox full), the address still works
    if (bounce.type === "Transient") return null;
    return { outcome: "bounced", reason: [bounce.subType, bounce.message].filter(Boolean).join(": ") || "permanent bounce" };
  }
  return null;
}

export async function readResendEvent(request: Request, secret: string | undefined): Promise<ReadEvent> {
  if (!secret) return { ok: false, status: 503, error: "RESEND_WEBHOOK_SECRET is not set" };
  let payload: string;
  try {
    payload = new TextDecoder().decode(await readBodyBytes(request, MAX_EVENT_BYTES));
  } catch (error) {
    if (error instanceof BodyTooLarge) return { ok: false, status: 413, error: error.message };
    throw error;
  }
  const [id, timestamp, signature] = ["svix-id", "svix-timestamp", "svix-signature"].map((h) => request.headers.get(h) ?? "");
  let verified: unknown;
  try {
    verified = verifier.webhooks.verify({ payload, headers: { id, timestamp, signature }, webhookSecret: secret });
  } catch (error) {
    return { ok: false, status: 401, error: `signature: ${(error as Error).message}` };
  }
  const body = verified as { type?: unknown; created_at?: unknown; data?: Record<string, unknown> };
  if (typeof body.type !== "string" || !body.data || typeof body.data !== "object") return { ok: false, status: 400, error: "not a Resend event: type and data are required" };
  const outcome = outcomeOf(body.type, body.data);
  if (!outcome) return { ok: true, event: null };
  const emailId = body.data.email_id;
  const occurredAt = new Date(String(body.created_at));
  if (typeof emailId !== "string" || !emailId) return { ok: false, status: 400, error: "data.email_id is required" };
  if (Number.isNaN(occurredAt.getTime())) return { ok: false, status: 400, error: "created_at is not a date" };
  return { ok: true, event: { emailId, occurredAt, ...outcome } };
}
