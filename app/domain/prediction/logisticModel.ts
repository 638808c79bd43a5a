/**
 * Logistic regression fitted by Newton's method (iteratively reweighted least squares) with an
 * intercept, standardised features and a small L2 penalty: a handful of features and a few
 * thousand rows converge in about ten steps, deterministically, with honest probabilities.
 * (ml-logistic-regression, the npm package, fits by a fixed-step gradient on unscaled sums for
 * 50,000 steps, has no intercept or penalty: not what a shop's small, skewed history needs.)
 */

export interface LogisticModel {
  /** per feature: mean and spread used to standardise it */
  means: number[];
  scales: number[];
  /** intercept first, then one weight per standardised feature */
  weights: number[];
}

const MAX_STEPS = 25;
const TOLERANCE = 1e-8;

export const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

function standardiser(rows: readonly number[][]): { means: number[]; scales: number[] } {
  const d = rows[0]?.length ?? 0;
  const means = Array.from({ length: d }, (_, j) => rows.reduce((s, r) => s + r[j], 0) / rows.length);
  const scales = means.map((m, j) => Math.sqrt(rows.reduce((s, r) => s + (r[j] - m) ** 2, 0) / rows.length) || 1);
  return { means, scales };
}

const design = (row: readonly number[], means: number[], scales: number[]) => [1, ...row.map((x, j) => (x - means[j]) / scales[j])];

/** Solves A x = b for a symmetric positive definite A (Cholesky); A is small (features + 1). */
function solveSpd(a: number[][], b: number[]): number[] {
  const n = b.length;
  const l = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i][j];
      for (let k = 0; k < j; k++) sum -= l[i][k] * l[j][k];
      l[i][j] = i === j ? Math.sqrt(Math.max(sum, 1e-12)) : sum / l[j][j];
    }
  }
  const y = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    let sum = b[i];
    for (let k = 0; k < i; k++) sum -= l[i][k] * y[k];
    y[i] = sum / l[i][i];
  }
  const x = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let sum = y[i];
    for (let k = i + 1; k < n; k++) sum -= l[k][i] * x[k];
    x[i] = sum / l[i][i];
  }
  return x;
}

/** Fits P(label = 1 | features). `penalty` shrinks the weights (not the intercept) towards 0. */
export function fitLogistic(rows: readonly number[][], labels: readonly (0 | 1)[], penalty = 1): LogisticModel {
  if (rows.length === 0 || rows.length !== labels.length) throw new Error("fitLogistic needs as many labels as rows, at least one");
  const { means, scales } = standardiser(rows);
  const x = rows.map((r) => design(r, means, scales));
  const d = x[0].length;
  let w = new Array<number>(d).fill(0);
  for (let step = 0; step < MAX_STEPS; step++) {
    const hessian = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j && i > 0 ? penalty : 0)));
    const gradient = w.map((wj, j) => (j > 0 ? -penalty * wj : 0));
    for (let n = 0; n < x.length; n++) {
      const p = sigmoid(x[n].reduce((s, v, j) => s + v * w[j], 0));
      const weight = Math.max(p * (1 - p), 1e-9);
      for (let i = 0; i < d; i++) {
        gradient[i] += (labels[n] - p) * x[n][i];
        for (let j = 0; j <= i; j++) hessian[i][j] += weight * x[n][i] * x[n][j];
      }
    }
    for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) hessian[j][i] = hessian[i][j];
    const delta = solveSpd(hessian, gradient);
    w = w.map((wj, j) => wj + delta[j]);
    if (delta.reduce((s, v) => s + v * v, 0) < TOLERANCE) break;
  }
  return { means, scales, weights: w };
}

export function predictLogistic(model: LogisticModel, row: readonly number[]): number {
  const x = design(row, model.means, model.scales);
  return sigmoid(x.reduce((s, v, j) => s + v * model.weights[j], 0));
}

/** Each feature's push on the log-odds for this row (weight × standardised value): the reasons to show. */
export function contributions(model: LogisticModel, row: readonly number[]): number[] {
  return row.map((v, j) => model.weights[j + 1] * ((v - model.means[j]) / model.scales[j]));
}
