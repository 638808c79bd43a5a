import { describe, expect, it } from "vitest";
import { translator } from "../../app/i18n";
import { strictAdminWords } from "../support/strictWords";
import { taskText, type TaskWords } from "../../app/i18n/taskTexts";

const EVERY_TASK: TaskWords[] = [
  { text: "arrangement_approval", order: "#1042", reasons: [{ code: "more_instalments", max: 3 }, { code: "instalment_below_minimum" }, { code: "longer", days: 90 }] },
  { text: "arrangement_broken", order: "#1042", instalment: 2 }, { text: "arrangement_broken", order: "#1042", instalment: null },
  { text: "dispute_sla", order: "#1042" }, { text: "check_payment", order: "#1042" }, { text: "call", order: "#1042" },
  { text: "hand_over", order: "#1042", amountMinor: 45_000, currency: "EUR" }, { text: "letter", orders: ["#1042", "#1043"] },
  { text: "bounced", order: "#1042", reason: "mailbox full" }, { text: "complained", order: "#1042", reason: "spam" },
  { text: "delivery_failed", order: "#1042", reason: "no phone number" },
];

describe("staff tasks in the merchant's language", () => {
  it("a task reads in the screen's language, whatever the customer's; amounts in the reader's format", () => {
    const approval: TaskWords = { text: "arrangement_approval", order: "#1042", reasons: [{ code: "more_instalments", max: 3 }, { code: "longer", days: 90 }] };
    expect(taskText(approval, translator("en"), "en")).toBe("#1042: approve or reject the arrangement proposal (more than 3 instalments, longer than 90 days)");
    expect(taskText(approval, translator("nl"), "nl")).toBe("#1042: keur het voorstel voor een betalingsregeling goed of af (meer dan 3 termijnen, langer dan 90 dagen)");
    expect(taskText({ text: "hand_over", order: "#1042", amountMinor: 45_000, currency: "EUR" }, translator("de"), "de")).toBe("Bestellung #1042 an das Inkasso übergeben (450,00\u00a0€ offen)");
    expect(taskText({ text: "letter", orders: ["#1042", "#1043"] }, translator("fr"), "fr")).toBe("Imprimer et poster le courrier pour la commande #1042, #1043");
  });

  it("every task has its words in all four languages, none left as a key or a placeholder", () => {
    for (const { locale, t } of strictAdminWords()) {
      for (const task of EVERY_TASK) expect(taskText(task, t, locale), `${locale} ${task.text}`).not.toMatch(/task\.|[{}]|undefined|null/);
    }
  });
});
