import { describe, expect, it } from "vitest";
import { renderReminder, type ReminderContent } from "../../app/adapters/email/renderReminder";
import { asCurrency } from "../../app/domain/money";
import { checkFourteenDayNotice, fourteenDayDeadline } from "../../app/domain/fees/fourteenDayLetter";
import { bikCollectionCosts } from "../../app/domain/fees/nlBik";
import { formatMoney } from "../../app/domain/money";

const base: Omit<ReminderContent, "locale"> = {
  step: { purpose: "reminder", tone: "friendly" },
  shop: { name: "Fietsen & Zo", logoUrl: null, brandColor: "#1f6f50", timeZone: "Europe/Amsterdam" },
  customerName: "Anna de Vries", orderName: "#1042", currency: asCurrency("EUR"), outstandingMinor: 12_345,
  dueAt: new Date("2026-11-10T11:00:00Z"), fee: null,
  payUrl: "https://fietsen-en-zo.example/orders/abc/pay", customerPageUrl: "https://dunly.example/c/token",
};

describe("reminder emails", () => {
  it.each(["en", "nl", "de", "fr"] as const)("renders a branded reminder in %s (HTML and text)", async (locale) => {
    const email = await renderReminder({ ...base, locale });
    expect(email.html).toContain('href="https://fietsen-en-zo.example/orders/abc/pay"');
    expect(email.html).toContain(`lang="${locale}"`);
    expect(email.html).toContain("#1f6f50");
    expect(email.text).toContain("https://dunly.example/c/token");
    expect(email.text).not.toContain("{");
    expect({ subject: email.subject, html: email.html, text: email.text }).toMatchSnapshot();
  });

  it("the Dutch final notice is a valid 14-dagenbrief: exact costs, a named last day, no 'na dagtekening'", async () => {
    const sentAt = new Date("2026-11-25T09:00:00Z");
    const fee = { amountMinor: bikCollectionCosts(12_345), deadline: fourteenDayDeadline(sentAt, "email", "Europe/Amsterdam") };
    const email = await renderReminder({ ...base, locale: "nl", step: { purpose: "final_notice", tone: "firm" }, fee });
    const costs = formatMoney(4_000, asCurrency("EUR"), "nl");
    expect(checkFourteenDayNotice(email.text, costs, "9 december 2026")).toEqual({ valid: true, problems: [] });
  });
});
