/** The shop's follow-up settings as a form sends them: checked field by field, errors in words. */
import { LEGAL_PROFILES } from "./fees";
import { normalizeIban } from "./paymentReference";
import type { FieldProblem, FieldProblems } from "./fieldProblems";

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

export type SettingsCheck = { ok: true; settings: ShopSettings } | { ok: false; errors: FieldProblems<keyof ShopSettings> };

const EMAIL = /^[^\s@<>"]+@[^\s@<>"]+\.[a-z]{2,}$/i;

export function checkSettings(form: Record<string, string | undefined>): SettingsCheck {
  const errors: FieldProblems<keyof ShopSettings> = {};
  const int = (key: keyof ShopSettings, min: number, max: number): number => {
    const text = (form[key] ?? "").trim();
    const value = Number(text);
    if (!/^-?\d+$/.test(text) || value < min || value > max) errors[key] = { code: "whole_number", min, max };
    return value;
  };
  const optional = (key: keyof ShopSettings, valid: (v: string) => boolean, problem: FieldProblem): string | null => {
    const value = (form[key] ?? "").trim();
    if (!value) return null;
    if (!valid(value)) errors[key] = problem;
    return value;
  };
  const legalProfile = form.legalProfile ?? "";
  if (!(LEGAL_PROFILES as readonly string[]).includes(legalProfile)) errors.legalProfile = { code: "legal_profile" };
  const timeZone = (form.timeZone ?? "").trim();
  if (!Intl.supportedValuesOf("timeZone").includes(timeZone) && timeZone !== "UTC") errors.timeZone = { code: "time_zone" };
  const brandColor = (form.brandColor ?? "").trim();
  if (!/^#[0-9a-f]{6}$/i.test(brandColor)) errors.brandColor = { code: "colour" };
  const minInstalment = (form.arrangementMinInstalment ?? "").trim();
  if (!/^\d{1,7}(\.\d{1,2})?$/.test(minInstalment)) errors.arrangementMinInstalmentMinor = { code: "amount" };
  const [whole, fraction = ""] = minInstalment.split(".");
  const onOff = (key: keyof ShopSettings): boolean => {
    const value = (form[key] ?? "on").trim();
    if (value !== "on" && value !== "off") errors[key] = { code: "on_off" };
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
    iban: optional("iban", (v) => normalizeIban(v) !== null, { code: "iban" }),
    accountHolder: optional("accountHolder", (v) => v.length <= 70 && !/[<>"\r\n]/.test(v), { code: "plain_text", max: 70 }),
    senderName: optional("senderName", (v) => v.length <= 100 && !/[<>"\r\n]/.test(v), { code: "plain_text", max: 100 }),
    senderEmail: optional("senderEmail", (v) => EMAIL.test(v), { code: "email" }),
    replyTo: optional("replyTo", (v) => EMAIL.test(v), { code: "email" }),
    logoUrl: optional("logoUrl", (v) => /^https:\/\/[^\s"<>]+$/.test(v) && v.length <= 500, { code: "https_image" }),
    brandColor,
    arrangementMaxInstalments: int("arrangementMaxInstalments", 2, 24),
    arrangementMinInstalmentMinor: Number(whole) * 100 + Number(fraction.padEnd(2, "0")),
    arrangementMaxDays: int("arrangementMaxDays", 14, 730),
    arrangementGraceDays: int("arrangementGraceDays", 0, 60),
    disputeSlaHours: int("disputeSlaHours", 1, 720),
    riskMediumAverageDaysLate: int("riskMediumAverageDaysLate", 1, 365),
    riskHighAverageDaysLate: int("riskHighAverageDaysLate", 1, 365),
    riskHighWorstDaysLate: int("riskHighWorstDaysLate", 1, 730),
    alertDigestEmail: optional("alertDigestEmail", (v) => EMAIL.test(v), { code: "email" }),
  };
  if (settings.iban) settings.iban = normalizeIban(settings.iban);
  if (!errors.riskHighAverageDaysLate && settings.riskHighAverageDaysLate <= settings.riskMediumAverageDaysLate) {
    errors.riskHighAverageDaysLate = { code: "more_than_medium" };
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

export type ScreeningSettingsCheck = { ok: true; settings: ScreeningSettings } | { ok: false; errors: FieldProblems<string> };

/** The screening form: how often screened customers are checked again, the score drop that alerts, the bureau account. */
export function checkScreeningSettings(form: Record<string, string | undefined>): ScreeningSettingsCheck {
  const errors: FieldProblems<string> = {};
  const int = (key: string, min: number, max: number): number => {
    const text = (form[key] ?? "").trim();
    if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) errors[key] = { code: "whole_number", min, max };
    return Number(text);
  };
  const settings: ScreeningSettings = { screeningIntervalDays: int("screeningIntervalDays", 0, 365), screeningScoreDrop: int("screeningScoreDrop", 1, 100) };
  const username = (form.creditsafeUsername ?? "").trim();
  const password = form.creditsafePassword ?? "";
  if (form.creditsafeRemove === "on") Object.assign(settings, { creditsafeUsername: null, creditsafePassword: null });
  else if (username || password) {
    if (!username || username.length > 200 || /[\r\n]/.test(username)) errors.creditsafeUsername = { code: "creditsafe_username", max: 200 };
    if (!password || password.length > 200) errors.creditsafePassword = { code: "creditsafe_password" };
    Object.assign(settings, { creditsafeUsername: username, creditsafePassword: password });
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, settings };
}

/** Whether a save changes anything the shop had: an unchanged form asks for no re-plan of the book. */
export function settingsChanged(stored: ShopSettings, saved: ShopSettings): boolean {
  return (Object.keys(saved) as (keyof ShopSettings)[]).some((key) => stored[key] !== saved[key]);
}
