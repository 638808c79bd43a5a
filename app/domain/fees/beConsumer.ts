/**
 * BE consumers (Book XIX Code of Economic Law): damages after the free first reminder and the
 * waiting period. Balance <= 150: 20 EUR; 150.01-500: 30 EUR + 10% of the part above 150;
 * above 500: 65 EUR + 5% of the part above 500, at most 2,000 EUR. In euro cents.
 */
export const BE_MAXIMUM_CENTS = 200_000;

export function beConsumerDamages(balanceCents: number): number {
  if (!Number.isSafeInteger(balanceCents) || balanceCents <= 0) return 0;
  if (balanceCents <= 15_000) return 2_000;
  if (balanceCents <= 50_000) return 3_000 + Math.round((balanceCents - 15_000) / 10);
  return Math.min(BE_MAXIMUM_CENTS, 6_500 + Math.round((balanceCents - 50_000) / 20));
}

/** The waiting period starts the day after the reminder: after an email at once, after a letter on the 3rd working day. */
export function beWaitingPeriodEnd(sentAt: Date, channel: "email" | "letter"): Date {
  const start = channel === "email" ? startOfNextDay(sentAt) : addWorkingDays(startOfDay(sentAt), 3);
  return new Date(start.getTime() + 14 * 86_400_000);
}

function startOfDay(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}

function startOfNextDay(date: Date): Date {
  return new Date(startOfDay(date).getTime() + 86_400_000);
}

function addWorkingDays(date: Date, days: number): Date {
  let result = date;
  let left = days;
  while (left > 0) {
    result = new Date(result.getTime() + 86_400_000);
    const weekday = result.getUTCDay();
    if (weekday !== 0 && weekday !== 6) left -= 1;
  }
  return result;
}
