/**
 * Where a receivable stands outside the normal reminder flow, and which events may move it.
 * A state is never overwritten by whatever happens next: each event is allowed only from the
 * states listed for it (a proposal on a disputed order is refused, a rejected proposal does not
 * clear a dispute that opened meanwhile).
 */
import type { WorkflowState } from "./scheduler";
import { RefusalError } from "./refusals";

/** null: the normal reminder flow */
export type Workflow = WorkflowState | null;

export type WorkflowEvent =
  | "open_dispute"
  | "resolve_dispute"
  | "propose_arrangement"
  | "reject_arrangement"
  | "end_arrangement"
  | "hand_over"
  | "write_off"
  | "customer_says_paid"
  | "promise_to_pay";

export interface WorkflowContext {
  /** resolve_dispute: an arrangement is still running, so the order goes back to it */
  arrangementRunning?: boolean;
}

export class WorkflowError extends RefusalError {
  override name = "WorkflowError";
}

type Step = Workflow | ((context: WorkflowContext) => Workflow);
const STAY = "stay" as const;
type Rule = Step | typeof STAY;

const afterDispute = (context: WorkflowContext): Workflow => (context.arrangementRunning ? "in_arrangement" : null);

/** Per state, the events it accepts and where each leads; an event not listed is refused. */
const RULES: Record<WorkflowState | "normal", Partial<Record<WorkflowEvent, Rule>>> = {
  normal: {
    open_dispute: "disputed", propose_arrangement: "in_arrangement", hand_over: "handed_over", write_off: "written_off",
    customer_says_paid: STAY, reject_arrangement: STAY, end_arrangement: STAY, resolve_dispute: STAY, promise_to_pay: STAY,
  },
  disputed: {
    open_dispute: STAY, resolve_dispute: afterDispute, write_off: "written_off",
    // a proposal decided or ended while the dispute is open leaves the dispute in force
    reject_arrangement: STAY, end_arrangement: STAY,
  },
  in_arrangement: {
    // an objection pauses everything; resolving it returns to the arrangement
    open_dispute: "disputed", reject_arrangement: null, end_arrangement: null, write_off: "written_off", customer_says_paid: STAY,
    resolve_dispute: STAY,
  },
  handed_over: {
    // the agency handles it: a dispute is recorded for them, the state stays
    open_dispute: STAY, resolve_dispute: STAY, write_off: "written_off", reject_arrangement: STAY, end_arrangement: STAY,
  },
  written_off: { open_dispute: STAY, resolve_dispute: STAY, reject_arrangement: STAY, end_arrangement: STAY },
};

const REFUSALS: Record<WorkflowState, string> = {
  disputed: "the order is disputed: the question is answered first",
  in_arrangement: "the order is in a payment arrangement",
  handed_over: "the order was handed over to a collection agency",
  written_off: "the order was written off",
};

export function canApply(state: Workflow, event: WorkflowEvent): boolean {
  return RULES[state ?? "normal"][event] !== undefined;
}

/** The state after `event`, or a WorkflowError saying why the event does not apply now. */
export function nextWorkflow(state: Workflow, event: WorkflowEvent, context: WorkflowContext = {}): Workflow {
  const rule = RULES[state ?? "normal"][event];
  if (rule === undefined) {
    if (state === null) throw new WorkflowError(`${event.replace(/_/g, " ")} does not apply: there is nothing to end`, { code: "nothing_to_end" });
    throw new WorkflowError(REFUSALS[state], { code: "workflow", state });
  }
  if (rule === STAY) return state;
  return typeof rule === "function" ? rule(context) : rule;
}
