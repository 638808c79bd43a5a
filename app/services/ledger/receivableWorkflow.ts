/** Moves a receivable's workflow state by the rules of app/domain/workflow.ts, never over a change made meanwhile. */
import type { Db } from "../../db/client";
import { nextWorkflow, WorkflowError, type Workflow, type WorkflowContext, type WorkflowEvent } from "../../domain/workflow";

export interface WorkflowSubject {
  id: string;
  workflowState: string | null;
}

/**
 * Applies `event`; throws WorkflowError when the state does not allow it (also when another request
 * moved the state since `receivable` was read). Returns the new state; a changed state replans the order now.
 */
export async function moveWorkflow(db: Db, receivable: WorkflowSubject, event: WorkflowEvent, now: Date, context: WorkflowContext = {}): Promise<Workflow> {
  const current = receivable.workflowState as Workflow;
  const next = nextWorkflow(current, event, context);
  if (next === current) return current;
  const moved = await db.receivable.updateMany({
    where: { id: receivable.id, workflowState: current },
    data: { workflowState: next, nextActionAt: next === "handed_over" || next === "written_off" ? null : now },
  });
  if (moved.count === 0) throw new WorkflowError("the order changed meanwhile; reload and try again", { code: "order_changed" });
  return next;
}

/** Checks without moving: for actions whose state change comes later (a pause, a task). */
export function assertWorkflowAllows(receivable: WorkflowSubject, event: WorkflowEvent): void {
  nextWorkflow(receivable.workflowState as Workflow, event);
}
