import { describe, expect, it } from "vitest";
import { translator } from "../../app/i18n";
import { fieldProblemText } from "../../app/i18n/fieldProblems";
import type { FieldProblem } from "../../app/domain/fieldProblems";
import { checkSettings } from "../../app/domain/settings";
import { strictAdminWords } from "../support/strictWords";

const EVERY_PROBLEM: FieldProblem[] = [
  { code: "whole_number", min: 0, max: 365 }, { code: "legal_profile" }, { code: "time_zone" }, { code: "colour" }, { code: "amount" }, { code: "on_off" },
  { code: "iban" }, { code: "plain_text", max: 70 }, { code: "email" }, { code: "https_image" }, { code: "more_than_medium" },
  { code: "creditsafe_username", max: 200 }, { code: "creditsafe_password" }, { code: "retries_at_most", max: 8 }, { code: "retry_days", max: 60 },
  { code: "retry_days_increase" }, { code: "final_action" }, { code: "mollie_key" },
];

describe("a settings field refused in the merchant's language", () => {
  it("says what the field takes, with the shop's own bounds", () => {
    const check = checkSettings({ brandColor: "green", quietHoursStart: "25" });
    if (check.ok) throw new Error("nonsense passed");
    expect(fieldProblemText(check.errors.brandColor, translator("de"))).toBe("eine Farbe wie #1f6f50");
    expect(fieldProblemText(check.errors.quietHoursStart, translator("fr"))).toBe("un nombre entier de 0 à 23");
    expect(fieldProblemText(check.errors.senderEmail, translator("nl"))).toBeUndefined();
  });

  it("every problem has its words in all four languages", () => {
    for (const { locale, t } of strictAdminWords()) {
      for (const problem of EVERY_PROBLEM) expect(fieldProblemText(problem, t), `${locale} ${problem.code}`).not.toMatch(/fieldProblem|[{}]|undefined/);
    }
  });
});
