import { describe, expect, it } from "vitest";
import { planCustomerRun, type RunOrder } from "../../app/domain/customerRun";
import { DEFAULT_FLOW, type FlowStep } from "../../app/domain/flows";

const now = new Date("2026-11-27T09:00:00Z");
const step = (key: string): FlowStep => DEFAULT_FLOW.find((s) => s.key === key)!;
const days = (n: number) => new Date(now.getTime() + n * 86_400_000);
const settings = { minGapHours: 48, comingDueDays: 7 };

function order(id: string, plan: RunOrder["plan"], dueInDays: number, extra: Partial<RunOrder> = {}): RunOrder {
  return { receivableId: id, plan, groupable: true, sendNow: false, dueAt: days(dueInDays), ...extra };
}
const send = (key: string) => ({ kind: "send" as const, step: step(key) });
const wait = (key: string, inDays: number) => ({ kind: "wait" as const, until: days(inDays), step: step(key), reason: "scheduled" as const });

describe("one message per customer per run", () => {
  it("six orders: the due steps travel together, led by the most advanced, pre-due soon comes along, a disputed one stays out", () => {
    const orders = [
      order("a", send("reminder_1"), -2),
      order("b", send("final_notice"), -16),
      order("c", send("reminder_2"), -9),
      order("d", wait("pre_due", 2), 5), // coming due within a week: included
      order("e", wait("pre_due", 17), 20), // too far ahead: listed only
      order("f", { kind: "stop", reason: "disputed" }, -30),
    ];
    const plan = planCustomerRun(orders, {}, settings, now);
    expect(plan.held).toEqual([]);
    expect(plan.messages).toHaveLength(1);
    expect(plan.messages[0].channel).toBe("email");
    expect(plan.messages[0].lead).toEqual({ receivableId: "b", step: step("final_notice") });
    expect(plan.messages[0].others.map((o) => [o.receivableId, o.step.key])).toEqual([["c", "reminder_2"], ["a", "reminder_1"], ["d", "pre_due"]]);
  });

  it("the customer's minimum gap holds every due step on that channel, whichever order it belongs to", () => {
    const plan = planCustomerRun([order("a", send("reminder_1"), -2), order("b", send("reminder_2"), -9)], { email: days(-1) }, settings, now);
    expect(plan.messages).toEqual([]);
    expect(plan.held).toEqual([{ receivableId: "a", until: days(1) }, { receivableId: "b", until: days(1) }]);
    // after the gap, all go in one message
    expect(planCustomerRun([order("a", send("reminder_1"), -2)], { email: days(-2) }, settings, now).messages).toHaveLength(1);
  });

  it("staff asking for one order now waives the gap; the other due steps come along", () => {
    const plan = planCustomerRun([order("a", send("reminder_1"), -2, { sendNow: true }), order("b", send("reminder_2"), -9)], { email: days(-1) }, settings, now);
    expect(plan.messages[0].lead.receivableId).toBe("b");
    expect(plan.messages[0].others.map((o) => o.receivableId)).toEqual(["a"]);
  });

  it("a segment that does not group leaves its orders out (they follow their own stream); channels are grouped apart", () => {
    const letter = { ...step("final_notice"), channel: "letter" as const };
    const plan = planCustomerRun([
      order("a", send("reminder_1"), -2, { groupable: false }),
      order("b", send("reminder_2"), -9),
      order("c", { kind: "send", step: letter }, -16),
      order("d", { kind: "send", step: step("hand_over") }, -31),
    ], {}, settings, now);
    expect(plan.messages.map((m) => [m.channel, m.lead.receivableId, m.others.length])).toEqual([["email", "b", 0], ["letter", "c", 0]]);
  });

  it("nothing due: no message, even with pre-due reminders close", () => {
    expect(planCustomerRun([order("a", wait("pre_due", 1), 4)], {}, settings, now)).toEqual({ messages: [], held: [] });
  });
});
