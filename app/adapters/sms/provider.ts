/** Text messages (SMS) go through a provider behind this interface; Twilio's REST API is the one built in. */
export interface SmsProvider {
  send(message: { to: string; body: string }): Promise<{ providerId: string }>;
}

export class SmsError extends Error {
  override name = "SmsError";
  constructor(message: string, readonly retryable: boolean) {
    super(message);
  }
}

/** E.164: a plus, a country code and up to 15 digits in all. */
export function isPhoneNumber(value: string | null | undefined): value is string {
  return typeof value === "string" && /^\+[1-9]\d{6,14}$/.test(value.replace(/[\s-]/g, ""));
}

export interface TwilioOptions {
  accountSid: string;
  authToken: string;
  from: string;
  /** https://api.twilio.com unless a test points elsewhere */
  baseUrl?: string;
}

export function twilioProvider(options: TwilioOptions): SmsProvider {
  const url = `${options.baseUrl ?? "https://api.twilio.com"}/2010-04-01/Accounts/${encodeURIComponent(options.accountSid)}/Messages.json`;
  const auth = Buffer.from(`${options.accountSid}:${options.authToken}`).toString("base64");
  return {
    async send({ to, body }) {
      let response: Response;
      try {
        response = await fetch(url, {
          method: "POST",
          headers: { Authorization: `Basic ${auth}`, "Content-Type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ To: to.replace(/[\s-]/g, ""), From: options.from, Body: body }),
        });
      } catch (error) {
        throw new SmsError(`Twilio unreachable: ${(error as Error).message}`, true);
      }
      const json = (await response.json().catch(() => ({}))) as { sid?: string; message?: string; code?: number };
      if (response.ok && json.sid) return { providerId: json.sid };
      const retryable = response.status === 429 || response.status >= 500;
      throw new SmsError(`Twilio ${response.status}: ${json.message ?? "no message id"}`, retryable);
    },
  };
}

export function smsProviderFromEnv(): SmsProvider | null {
  const { TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM, TWILIO_BASE_URL } = process.env;
  if (!TWILIO_ACCOUNT_SID || !TWILIO_AUTH_TOKEN || !TWILIO_FROM) return null;
  return twilioProvider({ accountSid: TWILIO_ACCOUNT_SID, authToken: TWILIO_AUTH_TOKEN, from: TWILIO_FROM, baseUrl: TWILIO_BASE_URL });
}
