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

/** POSTs one message to Twilio's Messages resource: the same account sends SMS and WhatsApp. */
async function postTwilioMessage(options: TwilioOptions, fields: Record<string, string>): Promise<{ providerId: string }> {
  const url = `${options.baseUrl ?? "https://api.twilio.com"}/2010-04-01/Accounts/${encodeURIComponent(options.accountSid)}/Messages.json`;
  const auth = Buffer.from(`${options.accountSid}:${options.authToken}`).toString("base64");
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { Authorization: `Basic ${auth}`, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (error) {
    // the request may have reached Twilio: sending it again could send it twice
    throw new SmsError(`Twilio unreachable: ${(error as Error).message}`, false);
  }
  const json = (await response.json().catch(() => ({}))) as { sid?: string; message?: string; code?: number };
  if (response.ok && json.sid) return { providerId: json.sid };
  // refused before it was queued: safe to try again later
  const retryable = response.status === 429 || response.status >= 500;
  throw new SmsError(`Twilio ${response.status}: ${json.message ?? "no message id"}`, retryable);
}

const e164 = (phone: string) => phone.replace(/[\s-]/g, "");

export function twilioProvider(options: TwilioOptions): SmsProvider {
  return { send: ({ to, body }) => postTwilioMessage(options, { To: e164(to), From: options.from, Body: body }) };
}

/** WhatsApp messages a business starts: an approved template (Twilio Content) with its variables. */
export interface WhatsAppProvider {
  sendTemplate(message: { to: string; contentSid: string; variables: Record<string, string> }): Promise<{ providerId: string }>;
}

/** `from` is the shop's WhatsApp sender in Twilio, a number such as +3197010000000. */
export function twilioWhatsApp(options: TwilioOptions): WhatsAppProvider {
  return {
    sendTemplate: ({ to, contentSid, variables }) => postTwilioMessage(options, {
      To: `whatsapp:${e164(to)}`, From: `whatsapp:${e164(options.from)}`, ContentSid: contentSid, ContentVariables: JSON.stringify(variables),
    }),
  };
}

export function whatsAppProviderFromEnv(): WhatsAppProvider | null {
  const { TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_WHATSAPP_FROM, TWILIO_BASE_URL } = process.env;
  if (!TWILIO_ACCOUNT_SID || !TWILIO_AUTH_TOKEN || !TWILIO_WHATSAPP_FROM) return null;
  return twilioWhatsApp({ accountSid: TWILIO_ACCOUNT_SID, authToken: TWILIO_AUTH_TOKEN, from: TWILIO_WHATSAPP_FROM, baseUrl: TWILIO_BASE_URL });
}

export function smsProviderFromEnv(): SmsProvider | null {
  const { TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM, TWILIO_BASE_URL } = process.env;
  if (!TWILIO_ACCOUNT_SID || !TWILIO_AUTH_TOKEN || !TWILIO_FROM) return null;
  return twilioProvider({ accountSid: TWILIO_ACCOUNT_SID, authToken: TWILIO_AUTH_TOKEN, from: TWILIO_FROM, baseUrl: TWILIO_BASE_URL });
}
