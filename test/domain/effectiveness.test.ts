import { describe, expect, it } from "vitest";
import { reminderEffectiveness } from "../../app/domain/effectiveness";

const at = (day: number) => new Date(Date.UTC(2026, 10, day, 12));

describe("reminder effectiveness", () => {
  it("counts orders paid within N days after each step, in flow order", () => {
    const result = reminderEffectiveness([
      { stepKey: "reminder_1", sentAt: at(1), paidAt: at(3) },
      { stepKey: "reminder_1", sentAt: at(1), paidAt: at(20) },
      { stepKey: "reminder_1", sentAt: at(1), paidAt: null },
      { stepKey: "pre_due", sentAt: at(1), paidAt: at(1) },
      { stepKey: "final_notice", sentAt: at(10), paidAt: at(5) }, // paid before the notice: not its effect
    ], 7, ["pre_due", "reminder_1", "reminder_2", "final_notice"]);
    expect(result).toEqual([
      { stepKey: "pre_due", sent: 1, paidWithin: 1, rate: 100 },
      { stepKey: "reminder_1", sent: 3, paidWithin: 1, rate: 33.3 },
      { stepKey: "final_notice", sent: 1, paidWithin: 0, rate: 0 },
    ]);
  });
});
