/** Exponential back-off with jitter (between half and the whole step), so failed work does not return in a herd. */
export function backoffMs(attempts: number, firstMs: number, longestMs: number, random: () => number = Math.random): number {
  const step = Math.min(firstMs * 2 ** Math.max(0, attempts - 1), longestMs);
  return Math.round(step * (0.5 + random() / 2));
}
