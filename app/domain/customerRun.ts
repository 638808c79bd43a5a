/**
 * The customer is the unit of follow-up: in a run, the reminder steps due on a customer's orders go
 * out together, one message per channel, in the tone of the most advanced step. Each order keeps its
 * own flow (planNextStep decides when its step is due); this decides what travels together and
 * holds the rest to the customer's minimum gap, so six orders never mean six emails on a morning.
 */
import type { Channel, FlowStep, StepPurpose } from "./flows";
import type { Plan } from "./scheduler";

export interface RunOrder {
  receivableId: string;
  /** the order's own plan (planNextStep), with its experiment variant applied to the step */
  plan: Plan;
  /** its segment groups reminders per customer (the default) */
  groupable: boolean;
  /** staff asked to send this order's next step now: the customer's gap is waived for the message */
  sendNow: boolean;
  dueAt: Date;
}

export interface RunSettings {
  minGapHours: number;
  /** an order whose pre-due reminder falls within this many days travels in today's message */
  comingDueDays: number;
}

export interface IncludedStep {
  receivableId: string;
  step: FlowStep;
}

export interface GroupedMessage {
  channel: Channel;
  /** the most advanced step: its purpose and tone are the message's */
  lead: IncludedStep;
  /** the other orders whose step goes out in the same message */
  others: IncludedStep[];
}

export interface CustomerRunPlan {
  messages: GroupedMessage[];
  /** due steps held back by the customer's minimum gap on their channel */
  held: { receivableId: string; until: Date }[];
}

/** Channels that carry a message to the customer; calls and hand-overs stay tasks per order. */
export const GROUPED_CHANNELS: readonly Channel[] = ["email", "letter"];

const RANK: Record<StepPurpose, number> = { pre_due: 0, reminder: 1, final_notice: 2, hand_over: 3 };

const DAY_MS = 86_400_000;

export function planCustomerRun(
  orders: readonly RunOrder[], lastSentByChannel: Partial<Record<Channel, Date>>, settings: RunSettings, now: Date,
): CustomerRunPlan {
  const plan: CustomerRunPlan = { messages: [], held: [] };
  for (const channel of GROUPED_CHANNELS) {
    const onChannel = (o: RunOrder) => o.groupable && "step" in o.plan && o.plan.step?.channel === channel;
    const due = orders.filter((o) => onChannel(o) && o.plan.kind === "send");
    if (due.length === 0) continue;
    const last = lastSentByChannel[channel];
    const gate = last ? new Date(last.getTime() + settings.minGapHours * 3_600_000) : null;
    if (gate && gate > now && !due.some((o) => o.sendNow)) {
      plan.held.push(...due.map((o) => ({ receivableId: o.receivableId, until: gate })));
      continue;
    }
    const steps = due.map((o) => ({ receivableId: o.receivableId, step: (o.plan as { step: FlowStep }).step, dueAt: o.dueAt }));
    // a pre-due reminder a few days away would be a second message right after this one: it comes along
    for (const o of orders) {
      if (!onChannel(o) || o.plan.kind !== "wait" || o.plan.reason !== "scheduled" || o.plan.step?.purpose !== "pre_due") continue;
      if (o.dueAt.getTime() - now.getTime() <= settings.comingDueDays * DAY_MS) steps.push({ receivableId: o.receivableId, step: o.plan.step, dueAt: o.dueAt });
    }
    // the most advanced step leads; between equals, the order overdue longest
    const ordered = [...steps].sort((a, b) => RANK[b.step.purpose] - RANK[a.step.purpose] || a.dueAt.getTime() - b.dueAt.getTime());
    const [lead, ...others] = ordered.map(({ receivableId, step }) => ({ receivableId, step }));
    plan.messages.push({ channel, lead, others });
  }
  return plan;
}
