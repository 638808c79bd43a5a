/** The shop's follow-up settings as a form sends them: checked field by field, errors in words. */
import { LEGAL_PROFILES } from "./fees";
import { normalizeIban } from "./paymentReference";

export interface ShopSettings {
  legalProfile: string;
  defaultTermDays: number;
  timeZone: string;
  quietHoursStart: number;
  quietHoursEnd: number;
  minGapHours: number;
  /** one message per customer about all their open orders, instead of a stream per order */
  groupReminders: boolean;
  /** how many days ahead a customer may promise to pay */
  promiseMaxDays: number;
  /** printed IBAN (groups of four), or null: no transfer details in reminders */
  iban: string | null;
  accountHolder: string | null;
  senderName: string | null;
  senderEmail: string | null;
  replyTo: string | null;
  logoUrl: string | null;
  brandColor: string;
  arrangementMaxInstalments: number;
  arrangementMinInstalmentMinor: number;
  arrangementMaxDays: number;
  arrangementGraceDays: number;
  disputeSlaHours: number;
  riskMediumAverageDaysLate: number;
  riskHighAverageDaysLate: number;
  riskHighWorstDaysLate: number;
  alertDigestEmail: string | null;
}

export type SettingsCheck = { ok: true; settings: ShopSettings } | { ok: false; errors: Partial<Record<keyof ShopSettings, string>> };

const EMAIL = /^[^\s@<>"]+@[^\s@<>"]+\.[a-z]{2,}$/i;

export function checkSettings(form: Record<string, string | undefined>): SettingsCheck {
  const errors: Partial<Record<keyof ShopSettings, string>> = {};
  const int = (key: keyof ShopSettings, min: number, max: number): number => {
    const text = (form[key] ?? "").trim();
    const value = Number(text);
    if (!/^-?\d+$/.test(text) || value < min || value > max) errors[key] = `a whole number from ${min} to ${max}`;
    return value;
  };
  const optional = (key: keyof ShopSettings, valid: (v: string) => boolean, message: string): string | null => {
    const value = (form[key] ?? "").trim();
    if (!value) return null;
    if (!valid(value)) errors[key] = message;
    return value;
  };
  const legalProfile = form.legalProfile ?? "";
  if (!(LEGAL_PROFILES as readonly string[]).includes(legalProfile)) errors.legalProfile = "choose one of the legal profiles";
  const timeZone = (form.timeZone ?? "").trim();
  if (!Intl.supportedValuesOf("timeZone").includes(timeZone) && timeZone !== "UTC") errors.timeZone = "an IANA time zone such as Europe/Amsterdam";
  const brandColor = (form.brandColor ?? "").trim();
  if (!/^#[0-9a-f]{6}$/i.test(brandColor)) errors.brandColor = "a colour such as #1f6f50";
  const minInstalment = (form.arrangementMinInstalment ?? "").trim();
  if (!/^\d{1,7}(\.\d{1,2})?$/.test(minInstalment)) errors.arrangementMinInstalmentMinor = "an amount such as 25.00";
  const [whole, fraction = ""] = minInstalment.split(".");
  const onOff = (key: keyof ShopSettings): boolean => {
    const value = (form[key] ?? "on").trim();
    if (value !== "on" && value !== "off") errors[key] = "on or off";
    return value !== "off";
  };
  const settings: ShopSettings = {
    legalProfile,
    defaultTermDays: int("defaultTermDays", 0, 365),
    timeZone,
    quietHoursStart: int("quietHoursStart", 0, 23),
    quietHoursEnd: int("quietHoursEnd", 0, 23),
    minGapHours: int("minGapHours", 0, 720),
    groupReminders: onOff("groupReminders"),
    promiseMaxDays: int("promiseMaxDays", 1, 90),
    iban: optional("iban", (v) => normalizeIban(v) !== null, "an IBAN such as NL91 ABNA 0417 1643 00"),
    accountHolder: optional("accountHolder", (v) => v.length <= 70 && !/[<>"\r\n]/.test(v), "at most 70 characters, no < > or quotes"),
    senderName: optional("senderName", (v) => v.length <= 100 && !/[<>"\r\n]/.test(v), "at most 100 characters, no < > or quotes"),
    senderEmail: optional("senderEmail", (v) => EMAIL.test(v), "an email address"),
    replyTo: optional("replyTo", (v) => EMAIL.test(v), "an email address"),
    logoUrl: optional("logoUrl", (v) => /^https:\/\/[^\s"<>]+$/.test(v) && v.length <= 500, "an https:// address of an image"),
    brandColor,
    arrangementMaxInstalments: int("arrangementMaxInstalments", 2, 24),
    arrangementMinInstalmentMinor: Number(whole) * 100 + Number(fraction.padEnd(2, "0")),
    arrangementMaxDays: int("arrangementMaxDays", 14, 730),
    arrangementGraceDays: int("arrangementGraceDays", 0, 60),
    disputeSlaHours: int("disputeSlaHours", 1, 720),
    riskMediumAverageDaysLate: int("riskMediumAverageDaysLate", 1, 365),
    riskHighAverageDaysLate: int("riskHighAverageDaysLate", 1, 365),
    riskHighWorstDaysLate: int("riskHighWorstDaysLate", 1, 730),
    alertDigestEmail: optional("alertDigestEmail", (v) => EMAIL.test(v), "an email address"),
  };
  if (settings.iban) settings.iban = normalizeIban(settings.iban);
  if (!errors.riskHighAverageDaysLate && settings.riskHighAverageDaysLate <= settings.riskMediumAverageDaysLate) {
    errors.riskHighAverageDaysLate = "must be more days than the medium threshold";
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, settings };
}

export interface ScreeningSettings {
  screeningIntervalDays: number;
  screeningScoreDrop: number;
  /** undefined: keep what is stored (the password is never sent back to the browser); null: remove the account */
  creditsafeUsername?: string | null;
  creditsafePassword?: string | null;
}

export type ScreeningSettingsCheck = { ok: true; settings: ScreeningSettings } | { ok: false; errors: Partial<Record<string, string>> };

/** The screening form: how often screened customers are checked again, the score drop that alerts, the bureau account. */
export function checkScreeningSettings(form: Record<string, string | undefined>): ScreeningSettingsCheck {
  const errors: Partial<Record<string, string>> = {};
  const int = (key: string, min: number, max: number): number => {
    const text = (form[key] ?? "").trim();
    if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) errors[key] = `a whole number from ${min} to ${max}`;
    return Number(text);
  };
  const settings: ScreeningSettings = { screeningIntervalDays: int("screeningIntervalDays", 0, 365), screeningScoreDrop: int("screeningScoreDrop", 1, 100) };
  const username = (form.creditsafeUsername ?? "").trim();
  const password = form.creditsafePassword ?? "";
  if (form.creditsafeRemove === "on") Object.assign(settings, { creditsafeUsername: null, creditsafePassword: null });
  else if (username || password) {
    if (!username || username.length > 200 || /[\r\n]/.test(username)) errors.creditsafeUsername = "the Creditsafe username (at most 200 characters)";
    if (!password || password.length > 200) errors.creditsafePassword = "the Creditsafe password";
    Object.assign(settings, { creditsafeUsername: username, creditsafePassword: password });
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, settings };
}

/** Whether a save changes anything the shop had: an unchanged form asks for no re-plan of the book. */
export function settingsChanged(stored: ShopSettings, saved: ShopSettings): boolean {
  return (Object.keys(saved) as (keyof ShopSettings)[]).some((key) => stored[key] !== saved[key]);
}
