/** How good a probability forecast is, measured on examples it was not fitted on. */

/** Area under the ROC curve (Mann–Whitney, ties counted half): 0.5 is a coin, 1 perfect; null without both outcomes. */
export function areaUnderCurve(probabilities: readonly number[], labels: readonly (0 | 1)[]): number | null {
  const ranked = probabilities.map((p, i) => ({ p, y: labels[i] })).sort((a, b) => a.p - b.p);
  const positives = ranked.filter((r) => r.y === 1).length;
  const negatives = ranked.length - positives;
  if (positives === 0 || negatives === 0) return null;
  let rankSum = 0;
  for (let i = 0; i < ranked.length;) {
    let j = i;
    while (j < ranked.length && ranked[j].p === ranked[i].p) j++;
    const averageRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) if (ranked[k].y === 1) rankSum += averageRank;
    i = j;
  }
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

export interface CalibrationBin {
  /** predicted probabilities in [from, to) */
  from: number;
  to: number;
  count: number;
  meanPredicted: number;
  observed: number;
}

/** Predicted against observed per probability band, and the count-weighted mean gap (expected calibration error). */
export function calibration(probabilities: readonly number[], labels: readonly (0 | 1)[], bins = 5): { bins: CalibrationBin[]; error: number } {
  const result: CalibrationBin[] = Array.from({ length: bins }, (_, i) => ({ from: i / bins, to: (i + 1) / bins, count: 0, meanPredicted: 0, observed: 0 }));
  probabilities.forEach((p, i) => {
    const bin = result[Math.min(bins - 1, Math.floor(p * bins))];
    bin.count += 1;
    bin.meanPredicted += p;
    bin.observed += labels[i];
  });
  let error = 0;
  for (const bin of result) {
    if (!bin.count) continue;
    bin.meanPredicted /= bin.count;
    bin.observed /= bin.count;
    error += (bin.count / probabilities.length) * Math.abs(bin.meanPredicted - bin.observed);
  }
  return { bins: result.filter((b) => b.count > 0), error };
}
