import { describe, expect, it } from "vitest";
import { checkScreeningSettings, checkSettings, settingsChanged, type ShopSettings } from "../../app/domain/settings";

const good = {
  legalProfile: "nl_consumer", defaultTermDays: "14", timeZone: "Europe/Amsterdam", quietHoursStart: "21", quietHoursEnd: "8",
  minGapHours: "48", senderName: "Fietsen & Zo", senderEmail: "debiteuren@fietsen.example", replyTo: "", logoUrl: "",
  brandColor: "#1F6F50", arrangementMaxInstalments: "6", arrangementMinInstalment: "25.50", arrangementMaxDays: "180",
  arrangementGraceDays: "5", disputeSlaHours: "48", riskMediumAverageDaysLate: "7", riskHighAverageDaysLate: "30",
  riskHighWorstDaysLate: "60", alertDigestEmail: "", promiseMaxDays: "14",
};

describe("shop settings", () => {
  it("accepts a sensible form, amounts in minor units", () => {
    const check = checkSettings(good);
    expect(check).toMatchObject({ ok: true, settings: { arrangementMinInstalmentMinor: 2550, replyTo: null, quietHoursEnd: 8 } });
  });

  it("tells a save that changes nothing from one that does (only the latter re-plans the book)", () => {
    const saved = (checkSettings(good) as { settings: ShopSettings }).settings;
    // the shop's row holds more than the form: those columns are not compared
    const stored = { ...saved, id: "shop", currency: "EUR" };
    expect(settingsChanged(stored, saved)).toBe(false);
    expect(settingsChanged(stored, { ...saved, quietHoursEnd: 9 })).toBe(true);
    expect(settingsChanged({ ...stored, iban: null }, { ...saved, iban: "NL91 ABNA 0417 1643 00" })).toBe(true);
  });

  it("names every field that is nonsense", () => {
    const check = checkSettings({
      ...good, legalProfile: "mars", defaultTermDays: "-3", timeZone: "Mars/Olympus", quietHoursStart: "25", senderEmail: "nope",
      logoUrl: "javascript:alert(1)", brandColor: "red", arrangementMinInstalment: "1e3", senderName: '<script>"',
      riskHighAverageDaysLate: "5",
    });
    expect(check.ok).toBe(false);
    expect(Object.keys((check as { errors: object }).errors).sort()).toEqual([
      "arrangementMinInstalmentMinor", "brandColor", "defaultTermDays", "legalProfile", "logoUrl", "quietHoursStart", "riskHighAverageDaysLate",
      "senderEmail", "senderName", "timeZone",
    ]);
  });
});

describe("grouping reminders per customer", () => {
  it("is on unless the form says off, and refuses anything else", () => {
    expect(checkSettings(good)).toMatchObject({ ok: true, settings: { groupReminders: true } });
    expect(checkSettings({ ...good, groupReminders: "off" })).toMatchObject({ ok: true, settings: { groupReminders: false } });
    expect(checkSettings({ ...good, groupReminders: "maybe" })).toMatchObject({ ok: false, errors: { groupReminders: { code: "on_off" } } });
  });
});

describe("the shop's bank account", () => {
  it("takes a valid IBAN in any spacing and stores it in groups of four; refuses a wrong check digit", () => {
    expect(checkSettings({ ...good, iban: "nl91abna0417164300", accountHolder: "Fietsen & Zo BV" }))
      .toMatchObject({ ok: true, settings: { iban: "NL91 ABNA 0417 1643 00", accountHolder: "Fietsen & Zo BV" } });
    expect(checkSettings({ ...good, iban: "NL92ABNA0417164300" })).toMatchObject({ ok: false, errors: { iban: { code: "iban" } } });
    expect(checkSettings(good)).toMatchObject({ ok: true, settings: { iban: null } });
  });
});

describe("screening settings", () => {
  it("takes the schedule and the score drop; an account needs both its username and password", () => {
    expect(checkScreeningSettings({ screeningIntervalDays: "30", screeningScoreDrop: "10" })).toEqual({ ok: true, settings: { screeningIntervalDays: 30, screeningScoreDrop: 10 } });
    expect(checkScreeningSettings({ screeningIntervalDays: "0", screeningScoreDrop: "5", creditsafeUsername: " ap@shop.example ", creditsafePassword: "s3cret" }))
      .toEqual({ ok: true, settings: { screeningIntervalDays: 0, screeningScoreDrop: 5, creditsafeUsername: "ap@shop.example", creditsafePassword: "s3cret" } });
    expect(checkScreeningSettings({ screeningIntervalDays: "30", screeningScoreDrop: "10", creditsafeRemove: "on" }))
      .toEqual({ ok: true, settings: { screeningIntervalDays: 30, screeningScoreDrop: 10, creditsafeUsername: null, creditsafePassword: null } });
  });

  it("names every field that is nonsense", () => {
    const check = checkScreeningSettings({ screeningIntervalDays: "-1", screeningScoreDrop: "0", creditsafeUsername: "ap@shop.example" });
    expect(check).toEqual({ ok: false, errors: {
      screeningIntervalDays: { code: "whole_number", min: 0, max: 365 }, screeningScoreDrop: { code: "whole_number", min: 1, max: 100 }, creditsafePassword: { code: "creditsafe_password" },
    } });
  });
});
