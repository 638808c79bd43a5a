/**
 * Sending email. Resend when RESEND_API_KEY is set (the SDK also reads RESEND_BASE_URL, which
 * tests point at a local server speaking Resend's API); otherwise the local outbox: the message
 * is stored, shown in the app, and not sent anywhere (demo, development).
 */
import { Resend } from "resend";

export interface OutgoingEmail {
  from: string;
  to: string;
  replyTo?: string;
  subject: string;
  html: string;
  text: string;
  /** the same key for every attempt of one message: Resend sends it once */
  idempotencyKey: string;
}

export type SendResult = { delivered: "resend"; providerId: string } | { delivered: "outbox" };

export class MailError extends Error {
  override name = "MailError";
  constructor(message: string, readonly retryable: boolean) {
    super(message);
  }
}

export interface Mailer {
  send(email: OutgoingEmail): Promise<SendResult>;
}

export const outboxMailer: Mailer = {
  async send() {
    return { delivered: "outbox" };
  },
};

export interface ResendMailerOptions {
  apiKey: string;
  /** defaults to RESEND_BASE_URL, else Resend's API */
  baseUrl?: string;
  maxAttempts?: number;
  sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function resendMailer(options: ResendMailerOptions): Mailer {
  const resend = new Resend(options.apiKey, options.baseUrl ? { baseUrl: options.baseUrl } : undefined);
  const maxAttempts = options.maxAttempts ?? 4;
  const sleep = options.sleep ?? realSleep;
  return {
    async send(email) {
      for (let attempt = 1; ; attempt++) {
        const { data, error } = await resend.emails.send(
          { from: email.from, to: [email.to], replyTo: email.replyTo, subject: email.subject, html: email.html, text: email.text },
          { idempotencyKey: email.idempotencyKey },
        );
        if (data?.id) return { delivered: "resend", providerId: data.id };
        const status = (error as { statusCode?: number | null } | null)?.statusCode ?? null;
        const retryable = status === null || status === 429 || status >= 500;
        if (!retryable || attempt >= maxAttempts) {
          throw new MailError(`Resend ${status ?? "network error"}: ${error?.message ?? "no id returned"}`, retryable);
        }
        await sleep(500 * 2 ** (attempt - 1));
      }
    },
  };
}

export function mailerFromEnv(): Mailer {
  const apiKey = process.env.RESEND_API_KEY;
  return apiKey ? resendMailer({ apiKey }) : outboxMailer;
}
