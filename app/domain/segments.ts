import type { ReceivableKind } from "./renewals";

/**
 * Segments: merchant rules put each customer (with the receivable at hand) in one segment.
 * Segments are tried in order; the first whose conditions all hold wins; the default segment
 * (no conditions) always comes last.
 */
export type RiskLevel = "low" | "medium" | "high";

export interface SegmentFacts {
  riskLevel: RiskLevel;
  isCompany: boolean;
  countryCode: string | null;
  tags: string[];
  orderCount: number;
  orderValueMinor: number;
  /** the receivable's predicted chance of payment more than 7 days late (0-1); null before the shop's first forecast */
  lateProbability: number | null;
  /** the credit bureau's score (0-100, higher is safer); null when the customer was never screened */
  creditScore: number | null;
  /** an order, or a subscription renewal whose charge failed */
  receivableKind: ReceivableKind;
}

export type Condition =
  | { field: "riskLevel"; in: RiskLevel[] }
  | { field: "isCompany"; equals: boolean }
  | { field: "countryCode"; in: string[] }
  | { field: "tags"; includes: string }
  | { field: "orderCount"; min?: number; max?: number }
  | { field: "orderValueMinor"; min?: number; max?: number }
  /** the prediction says at least this likely to be paid late (0-1) */
  | { field: "lateProbability"; min: number }
  /** the credit bureau scores the customer at most this (screening): monitoring moves them when it drops */
  | { field: "creditScore"; max: number }
  /** orders only, or failed subscription renewals only: renewals can have a flow of their own */
  | { field: "receivableKind"; equals: ReceivableKind };

export interface SegmentRule {
  id: string;
  conditions: Condition[];
  isDefault: boolean;
}

function holds(condition: Condition, facts: SegmentFacts): boolean {
  switch (condition.field) {
    case "riskLevel":
      return condition.in.includes(facts.riskLevel);
    case "isCompany":
      return facts.isCompany === condition.equals;
    case "countryCode":
      return facts.countryCode !== null && condition.in.includes(facts.countryCode);
    case "tags":
      return facts.tags.some((tag) => tag.toLowerCase() === condition.includes.toLowerCase());
    case "lateProbability":
      return facts.lateProbability !== null && facts.lateProbability >= condition.min;
    case "creditScore":
      return facts.creditScore !== null && facts.creditScore <= condition.max;
    case "receivableKind":
      return facts.receivableKind === condition.equals;
    case "orderCount":
    case "orderValueMinor": {
      const value = facts[condition.field];
      return (condition.min === undefined || value >= condition.min) && (condition.max === undefined || value <= condition.max);
    }
  }
}

export function segmentFor<S extends SegmentRule>(segments: readonly S[], facts: SegmentFacts): S {
  const ordered = [...segments.filter((s) => !s.isDefault), ...segments.filter((s) => s.isDefault)];
  const match = ordered.find((s) => s.isDefault || s.conditions.every((c) => holds(c, facts)));
  if (!match) throw new Error("no default segment: every shop needs one");
  return match;
}
