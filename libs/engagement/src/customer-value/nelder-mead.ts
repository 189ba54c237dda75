/** Settings of the Nelder–Mead minimiser; every field has a default. */
export interface NelderMeadOptions {
  /** Size of the first simplex along each axis around the start. Default 0.5. */
  step?: number;
  /** Most iterations (reflections, expansions, contractions, shrinks), over all restarts. Default 10,000. */
  maxIterations?: number;
  /** Converged when every vertex is within this of the best one on every axis… Default 1e-9. */
  pointTolerance?: number;
  /** …and every vertex's value within this of the best value. Default 1e-12. */
  valueTolerance?: number;
  /** Fresh simplices built around the result to check it is not a stall. Default 2. */
  restarts?: number;
}

export interface MinimizeResult {
  point: number[];
  value: number;
  iterations: number;
  /** False when `maxIterations` ran out before the simplex collapsed. */
  converged: boolean;
}

interface Vertex {
  point: number[];
  value: number;
}

/** a + s·(b − a), coordinate by coordinate. */
const towards = (a: readonly number[], b: readonly number[], s: number) => a.map((ai, i) => ai + s * (b[i] - ai));

/**
 * One Nelder–Mead descent (Nelder & Mead 1965, with the usual coefficients: reflection 1, expansion 2,
 * contraction ½, shrink ½; Lagarias et al. 1998 for the inside/outside contraction rules) from a simplex
 * of the start and the start moved by `step` along each axis.
 */
function descend(f: (p: number[]) => number, start: readonly number[], step: number, budget: number, pointTolerance: number, valueTolerance: number) {
  const evaluate = (point: number[]): Vertex => {
    const value = f(point);
    return { point, value: Number.isNaN(value) ? Infinity : value };
  };
  const simplex: Vertex[] = [evaluate([...start])];
  start.forEach((_, i) => simplex.push(evaluate(start.map((s, j) => (i === j ? s + step : s)))));
  let iterations = 0;
  for (; iterations < budget; iterations += 1) {
    simplex.sort((u, v) => u.value - v.value);
    const best = simplex[0];
    const worst = simplex[simplex.length - 1];
    const spread = Math.max(...simplex.map((v) => Math.max(...v.point.map((c, i) => Math.abs(c - best.point[i])))));
    if (spread <= pointTolerance && worst.value - best.value <= valueTolerance) return { best, iterations, converged: true };

    const others = simplex.slice(0, -1);
    const centroid = start.map((_, i) => others.reduce((sum, v) => sum + v.point[i], 0) / others.length);
    const reflected = evaluate(towards(centroid, worst.point, -1));
    const secondWorst = simplex[simplex.length - 2];
    if (reflected.value < best.value) {
      const expanded = evaluate(towards(centroid, worst.point, -2));
      simplex[simplex.length - 1] = expanded.value < reflected.value ? expanded : reflected;
    } else if (reflected.value < secondWorst.value) {
      simplex[simplex.length - 1] = reflected;
    } else {
      const outside = reflected.value < worst.value;
      const contracted = evaluate(towards(centroid, outside ? reflected.point : worst.point, 0.5));
      if (contracted.value < (outside ? reflected.value : worst.value)) {
        simplex[simplex.length - 1] = contracted;
      } else {
        for (let i = 1; i < simplex.length; i += 1) simplex[i] = evaluate(towards(best.point, simplex[i].point, 0.5));
      }
    }
  }
  simplex.sort((u, v) => u.value - v.value);
  return { best: simplex[0], iterations, converged: false };
}

/**
 * Minimises `f` over ℝⁿ without derivatives by the Nelder–Mead simplex method. A NaN value counts as
 * +∞, so `f` may refuse a region by returning NaN or Infinity. After the simplex collapses it is rebuilt
 * around the result (up to `restarts` times) and the descent repeated; the answer stands once a restart
 * no longer improves it — the standard remedy for Nelder–Mead stalling on a ridge.
 */
export function minimizeNelderMead(f: (point: number[]) => number, start: readonly number[], options: NelderMeadOptions = {}): MinimizeResult {
  const { step = 0.5, maxIterations = 10_000, pointTolerance = 1e-9, valueTolerance = 1e-12, restarts = 2 } = options;
  if (start.length === 0 || !start.every(Number.isFinite)) throw new RangeError('minimizeNelderMead needs a start of finite numbers');
  let iterations = 0;
  let run = descend(f, start, step, maxIterations, pointTolerance, valueTolerance);
  iterations += run.iterations;
  for (let restart = 0; restart < restarts && run.converged; restart += 1) {
    const again = descend(f, run.best.point, step, maxIterations - iterations, pointTolerance, valueTolerance);
    iterations += again.iterations;
    if (again.best.value >= run.best.value - valueTolerance) break; // the restart found nothing better: done
    run = again;
  }
  return { point: run.best.point, value: run.best.value, iterations, converged: run.converged };
}
