/** What a dispute can be about, and how it can end. */
export const DISPUTE_REASONS = ["not_received", "damaged", "wrong_amount", "already_paid", "returned", "other", "chargeback"] as const;
export type DisputeReason = (typeof DISPUTE_REASONS)[number];
export const RESOLUTIONS = ["credit", "corrected", "rejected"] as const;
export type Resolution = (typeof RESOLUTIONS)[number];
