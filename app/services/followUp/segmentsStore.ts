/** A shop's segments with their flows; every shop has a default segment running the default flow. */
import type { Db } from "../../db/client";
import { DEFAULT_FLOW, flowProblems, type FlowStep } from "../../domain/flows";
import type { Condition, SegmentRule } from "../../domain/segments";

export interface SegmentWithFlow extends SegmentRule {
  name: string;
  steps: FlowStep[];
  /** false: orders of this segment keep a reminder stream each */
  groupReminders: boolean;
}

export async function loadSegments(db: Db, shopId: string): Promise<SegmentWithFlow[]> {
  let rows = await db.segment.findMany({ where: { shopId }, orderBy: { position: "asc" } });
  if (!rows.some((row) => row.isDefault)) {
    await db.segment.create({
      data: { shopId, name: "Default", position: 1_000_000, isDefault: true, conditions: "[]", steps: JSON.stringify(DEFAULT_FLOW) },
    });
    rows = await db.segment.findMany({ where: { shopId }, orderBy: { position: "asc" } });
  }
  return rows.map((row) => {
    const steps = JSON.parse(row.steps) as FlowStep[];
    const problems = flowProblems(steps);
    if (problems.length) throw new Error(`segment "${row.name}" has an invalid flow: ${problems.join("; ")}`);
    return { id: row.id, name: row.name, isDefault: row.isDefault, conditions: JSON.parse(row.conditions) as Condition[], steps, groupReminders: row.groupReminders };
  });
}
