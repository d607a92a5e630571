/** f(x), writing ∇f(x) into `gradient`. */
export type Objective = (x: Float64Array, gradient: Float64Array) => number;

export interface ConjugateGradientOptions {
  /** Stop when the largest absolute gradient component is at most this. */
  gradientTolerance: number;
  maxIterations: number;
}

const C1 = 1e-4; // sufficient decrease (Armijo)
const C2 = 0.4; // curvature, as SciPy's CG
const SIGMA3 = 0.01; // the next direction must descend at least this much
const MAX_LINE_STEPS = 20;

/**
 * Minimises `f` by nonlinear conjugate gradients (Polak-Ribière+), with a strong-Wolfe line search, the same
 * first step guess and the same stopping rule as SciPy's `minimize(method='CG')`, which Crowd-Kit's GLAD
 * runs in its M-step. Returns the best point found; `x0` is not modified.
 */
export function minimizeConjugateGradient(f: Objective, x0: Float64Array, options: ConjugateGradientOptions): { x: Float64Array; value: number; iterations: number } {
  const n = x0.length;
  const x = x0.slice();
  const g = new Float64Array(n);
  let fx = f(x, g);
  // SciPy's guess of the previous value, so that the first step moves x by about 1.
  let previous = fx + Math.sqrt(dot(g, g)) / 2;
  const p = g.map((v) => -v);
  let iterations = 0;
  const trialX = new Float64Array(n);
  const trialG = new Float64Array(n);
  const nextP = new Float64Array(n);

  while (maxAbs(g) > options.gradientTolerance && iterations < options.maxIterations) {
    const gg = dot(g, g);
    const slope0 = dot(g, p);
    // φ(a) = f(x + a p); φ'(a) = ∇f · p. Evaluations fill trialX/trialG.
    const phi = (a: number): { value: number; slope: number } => {
      for (let j = 0; j < n; j++) trialX[j] = x[j]! + a * p[j]!;
      const value = f(trialX, trialG);
      return { value, slope: dot(trialG, p) };
    };
    // A Wolfe point is accepted only if the Polak-Ribière direction it leads to still descends.
    const accept = (): boolean => {
      let yg = 0;
      for (let j = 0; j < n; j++) yg += (trialG[j]! - g[j]!) * trialG[j]!;
      const beta = Math.max(0, yg / gg);
      for (let j = 0; j < n; j++) nextP[j] = -trialG[j]! + beta * p[j]!;
      return maxAbs(trialG) <= options.gradientTolerance || dot(nextP, trialG) <= -SIGMA3 * dot(trialG, trialG);
    };
    let step = slope0 !== 0 ? Math.min(1, (1.01 * 2 * (fx - previous)) / slope0) : 1;
    if (!(step > 0)) step = 1;
    const found = wolfeLineSearch(phi, fx, slope0, step, accept);
    if (found === null) break;
    previous = fx;
    fx = found;
    x.set(trialX);
    g.set(trialG);
    p.set(nextP);
    iterations++;
  }
  return { x, value: fx, iterations };
}

/**
 * Strong-Wolfe line search (Nocedal & Wright, algorithms 3.5 and 3.6, quadratic interpolation in the zoom).
 * Returns φ at the accepted step, leaving that step's point and gradient in the caller's buffers (the last
 * evaluation is always the accepted one), or null when no acceptable step is found.
 */
function wolfeLineSearch(
  phi: (a: number) => { value: number; slope: number },
  phi0: number,
  slope0: number,
  firstStep: number,
  accept: () => boolean,
): number | null {
  if (!(slope0 < 0)) return null;
  const wolfe = (a: number, v: { value: number; slope: number }) => v.value <= phi0 + C1 * a * slope0 && Math.abs(v.slope) <= -C2 * slope0;
  let prevA = 0;
  let prev = { value: phi0, slope: slope0 };
  let a = firstStep;
  for (let i = 0; i < MAX_LINE_STEPS; i++) {
    const v = phi(a);
    if (!Number.isFinite(v.value) || v.value > phi0 + C1 * a * slope0 || (i > 0 && v.value >= prev.value)) {
      return zoom(phi, phi0, slope0, prevA, prev, a, v, wolfe, accept);
    }
    if (wolfe(a, v) && accept()) return v.value;
    if (v.slope >= 0) return zoom(phi, phi0, slope0, a, v, prevA, prev, wolfe, accept);
    prevA = a;
    prev = v;
    a *= 2;
  }
  return null;
}

function zoom(
  phi: (a: number) => { value: number; slope: number },
  phi0: number,
  slope0: number,
  lo: number,
  loV: { value: number; slope: number },
  hi: number,
  hiV: { value: number; slope: number },
  wolfe: (a: number, v: { value: number; slope: number }) => boolean,
  accept: () => boolean,
): number | null {
  for (let i = 0; i < MAX_LINE_STEPS; i++) {
    const d = hi - lo;
    // Minimiser of the quadratic through φ(lo), φ'(lo), φ(hi); bisect when it falls too close to an end.
    const denom = 2 * (hiV.value - loV.value - loV.slope * d);
    let a = denom > 0 ? lo - (loV.slope * d * d) / denom : Number.NaN;
    const [left, right] = d > 0 ? [lo, hi] : [hi, lo];
    const margin = 0.1 * Math.abs(d);
    if (!(a > left + margin && a < right - margin)) a = lo + d / 2;
    const v = phi(a);
    if (!Number.isFinite(v.value) || v.value > phi0 + C1 * a * slope0 || v.value >= loV.value) {
      hi = a;
      hiV = v;
      continue;
    }
    if (wolfe(a, v) && accept()) return v.value;
    if (v.slope * (hi - lo) >= 0) {
      hi = lo;
      hiV = loV;
    }
    lo = a;
    loV = v;
  }
  return null;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j]! * b[j]!;
  return s;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let j = 0; j < a.length; j++) m = Math.max(m, Math.abs(a[j]!));
  return m;
}
