import { describe, expect, it } from "vitest";
import { LOCALES, translator, type MessageKey } from "../../app/i18n";
import { CHANNELS, DEFAULT_FLOW } from "../../app/domain/flows";
import { noticeKey } from "../../app/domain/noticeKeys";
import type { StopReason } from "../../app/domain/scheduler";
import { localeTranslator } from "../../extensions/dunly-admin/src/localeText";
import { channelName, stepName } from "../../app/ui/stepNames";
import { describeTimelineEntry } from "../../app/ui/timelineText";
import { codeText } from "../../app/ui/codeText";

const money = (minor: number) => `€${(minor / 100).toFixed(2)}`;

describe("reminder steps in the merchant's words", () => {
  it("the default flow's steps and the channels translated; a step the merchant named reads as its key in words", () => {
    const en = translator("en");
    const nl = translator("nl");
    expect(stepName("reminder_1", en)).toBe("Reminder 1");
    expect(stepName("pre_due", nl)).toBe("Vóór de vervaldatum");
    expect(stepName("final_notice", translator("de"))).toBe("Letzte Mahnung");
    expect(stepName("renewal_nudge", nl)).toBe("Renewal nudge");
    // a notice outside the flow by what it said, not by its key with the record's id
    expect(stepName(noticeKey.instalmentComingDue("cmx8c87jb000xw57db38ts", 3), en)).toBe("Instalment 3 coming due");
    expect(stepName(noticeKey.disputeAcknowledged("cmx8dim1907egmr7di35nfpgq"), nl)).toBe("Geschil bevestigd");
    expect(stepName(noticeKey.arrangement("cmx8a_b", false), translator("fr"))).toBe("Échéancier proposé");
    expect(stepName(noticeKey.arrangement("cmx8a", true), en)).toBe("Payment arrangement confirmed");
    expect(channelName("letter", nl)).toBe("brief");
    expect(channelName("task", en)).toBe("call task");
    expect(channelName("fax", en)).toBe("fax");
  });

  it("a timeline line about a message names its step, channel and status, never their codes", () => {
    const entry = { kind: "message", amountMinor: 0, currency: "EUR", detail: { stepKey: "reminder_2", channel: "email", status: "outbox", inMessage: true } };
    expect(describeTimelineEntry(entry, translator("en"), money)).toBe("Reminder 2 by email: Outbox · in one message with the customer's other orders");
    expect(describeTimelineEntry(entry, translator("fr"), money)).toMatch(/^Relance 2 par e-mail : Boîte d'envoi · /);
    const letter = { ...entry, detail: { stepKey: "final_notice", channel: "letter", status: "letter" } };
    expect(describeTimelineEntry(letter, translator("nl"), money)).toBe("Laatste aanmaning via brief: Brief om te printen");
    // a status the app has no words for yet shows as it is rather than as a translation key
    const unknownStatus = { ...entry, detail: { stepKey: "pre_due", channel: "sms", status: "queued" } };
    expect(describeTimelineEntry(unknownStatus, translator("nl"), money)).toBe("Vóór de vervaldatum via sms: queued");
  });
});

describe("the timeline's codes in words", () => {
  const day = (date: string) => new Date(`${date}T00:00:00Z`).toLocaleDateString("en", { dateStyle: "medium", timeZone: "UTC" });

  it("Shopify's financial status, a pause's end and a pay-by date as the merchant reads them", () => {
    const en = translator("en");
    const order = { kind: "order", amountMinor: 14_270, currency: "EUR", detail: { financialStatus: "partially_paid" } };
    expect(describeTimelineEntry(order, en, money)).toBe("Shopify: partially paid, €142.70 outstanding");
    expect(describeTimelineEntry(order, translator("de"), money)).toContain("teilweise bezahlt");
    const pause = { kind: "pause", amountMinor: 0, currency: "EUR", detail: { until: "2026-12-20T23:00:00.000Z", reason: "Customer in hospital" } };
    expect(describeTimelineEntry(pause, en, money, day)).toBe("Reminders paused until Dec 20, 2026: Customer in hospital");
    const fee = { kind: "fee", amountMinor: 4_000, currency: "EUR", detail: { payBefore: "2026-06-21" } };
    expect(describeTimelineEntry(fee, en, money, day)).toBe("Collection costs of €40.00 announced, to pay by Jun 21, 2026");
  });

  it("why a receivable gets no more reminders, in words; a code without words as it is", () => {
    expect(codeText(translator("en"), "stopReason", "flow_complete")).toBe("every step of the flow went out");
    expect(codeText(translator("nl"), "stopReason", "in_arrangement")).toBe("er loopt een betalingsregeling");
    expect(codeText(translator("en"), "financialStatus", "on_hold")).toBe("on_hold");
    const reasons: StopReason[] = ["paid", "cancelled", "nothing_owed", "disputed", "in_arrangement", "handed_over", "written_off", "flow_complete"];
    for (const locale of Object.keys(LOCALES) as (keyof typeof LOCALES)[]) {
      for (const reason of reasons) expect(codeText(translator(locale), "stopReason", reason), `${locale} ${reason}`).not.toBe(reason);
    }
  });
});

describe("every step of the default flow and every channel has its words", () => {
  it("in each language of the app and of the admin extension", () => {
    const keys = [...DEFAULT_FLOW.map((step) => `step.${step.key}`), ...CHANNELS.map((channel) => `channel.${channel}`)];
    for (const locale of Object.keys(LOCALES) as (keyof typeof LOCALES)[]) {
      const texts: Record<string, string> = LOCALES[locale];
      for (const key of keys) expect(texts[key], `${locale} ${key}`).toBeTruthy();
      // the extension's translator throws on a missing text, as Shopify would show its key
      const extension = localeTranslator(locale);
      for (const key of keys) expect(extension(key), `dunly-admin ${locale} ${key}`).toBe(texts[key]);
      for (const kind of ["dispute_ack", "arrangement_pending", "arrangement_active", "instalment"]) {
        expect(extension(`step.${kind}`, { instalment: 2 }), `dunly-admin ${locale} ${kind}`).toBe(translator(locale)(`step.${kind}` as MessageKey, { instalment: 2 }));
      }
    }
  });
});
