import { describe, expect, it } from "vitest";
import { nextWorkflow, WorkflowError, type Workflow, type WorkflowEvent } from "../../app/domain/workflow";

const STATES: Workflow[] = [null, "disputed", "in_arrangement", "handed_over", "written_off"];
const EVENTS: WorkflowEvent[] = ["open_dispute", "resolve_dispute", "propose_arrangement", "reject_arrangement", "end_arrangement", "hand_over", "write_off", "customer_says_paid", "promise_to_pay"];

/** Every state × event: the state it leads to, or "refused". Written out in full on purpose. */
const EXPECTED: Record<string, Record<WorkflowEvent, Workflow | "refused">> = {
  normal: {
    open_dispute: "disputed", resolve_dispute: null, propose_arrangement: "in_arrangement", reject_arrangement: null, end_arrangement: null,
    hand_over: "handed_over", write_off: "written_off", customer_says_paid: null, promise_to_pay: null,
  },
  disputed: {
    open_dispute: "disputed", resolve_dispute: null, propose_arrangement: "refused", reject_arrangement: "disputed", end_arrangement: "disputed",
    hand_over: "refused", write_off: "written_off", customer_says_paid: "refused", promise_to_pay: "refused",
  },
  in_arrangement: {
    open_dispute: "disputed", resolve_dispute: "in_arrangement", propose_arrangement: "refused", reject_arrangement: null, end_arrangement: null,
    hand_over: "refused", write_off: "written_off", customer_says_paid: "in_arrangement", promise_to_pay: "refused",
  },
  handed_over: {
    open_dispute: "handed_over", resolve_dispute: "handed_over", propose_arrangement: "refused", reject_arrangement: "handed_over", end_arrangement: "handed_over",
    hand_over: "refused", write_off: "written_off", customer_says_paid: "refused", promise_to_pay: "refused",
  },
  written_off: {
    open_dispute: "written_off", resolve_dispute: "written_off", propose_arrangement: "refused", reject_arrangement: "written_off", end_arrangement: "written_off",
    hand_over: "refused", write_off: "refused", customer_says_paid: "refused", promise_to_pay: "refused",
  },
};

function outcome(state: Workflow, event: WorkflowEvent, arrangementRunning = false): Workflow | "refused" {
  try {
    return nextWorkflow(state, event, { arrangementRunning });
  } catch (error) {
    if (error instanceof WorkflowError) return "refused";
    throw error;
  }
}

describe("receivable workflow transitions", () => {
  for (const state of STATES) {
    for (const event of EVENTS) {
      it(`${state ?? "normal"} + ${event} -> ${EXPECTED[state ?? "normal"][event]}`, () => {
        expect(outcome(state, event)).toBe(EXPECTED[state ?? "normal"][event]);
      });
    }
  }

  it("a resolved dispute returns an order to its running arrangement", () => {
    expect(outcome("disputed", "resolve_dispute", true)).toBe("in_arrangement");
  });

  it("dispute, then a proposal, then its rejection: the dispute is still in force", () => {
    let state: Workflow = null;
    state = nextWorkflow(state, "open_dispute");
    expect(() => nextWorkflow(state, "propose_arrangement")).toThrow(/disputed/);
    state = nextWorkflow(state, "reject_arrangement");
    expect(state).toBe("disputed");
  });

  it("a refusal names the state that stands in the way", () => {
    expect(() => nextWorkflow("handed_over", "propose_arrangement")).toThrow("collection agency");
    expect(() => nextWorkflow("disputed", "customer_says_paid")).toThrow("disputed");
  });
});
