/**
 * The step keys of the notices the app sends outside a reminder flow (an acknowledged dispute, a
 * payment arrangement, an instalment coming due): unique per subject, so each goes out once, and
 * read back into what they were, so staff see words instead of the key.
 */

export const noticeKey = {
  disputeAcknowledged: (disputeId: string) => `dispute_ack_${disputeId}`,
  arrangement: (arrangementId: string, accepted: boolean) => `arrangement_${arrangementId}_${accepted ? "active" : "pending"}`,
  instalmentComingDue: (arrangementId: string, seq: number) => `arrangement_${arrangementId}_instalment_${seq}`,
};

export type Notice = { kind: "dispute_ack" | "arrangement_active" | "arrangement_pending" } | { kind: "instalment"; instalment: number };

export function noticeOf(stepKey: string): Notice | null {
  if (/^dispute_ack_\w+$/.test(stepKey)) return { kind: "dispute_ack" };
  const instalment = /^arrangement_\w+?_instalment_(\d+)$/.exec(stepKey);
  if (instalment) return { kind: "instalment", instalment: Number(instalment[1]) };
  const arrangement = /^arrangement_\w+?_(active|pending)$/.exec(stepKey);
  return arrangement ? { kind: arrangement[1] === "active" ? "arrangement_active" : "arrangement_pending" } : null;
}
