import { minimizeNelderMead } from './nelder-mead';

describe('minimizeNelderMead', () => {
  it('finds the minimum of Rosenbrock’s valley from the classic start (−1.2, 1)', () => {
    const rosenbrock = ([x, y]: number[]) => 100 * (y - x * x) ** 2 + (1 - x) ** 2;
    const result = minimizeNelderMead(rosenbrock, [-1.2, 1]);
    expect(result.converged).toBe(true);
    expect(result.point[0]).toBeCloseTo(1, 6);
    expect(result.point[1]).toBeCloseTo(1, 6);
    expect(result.value).toBeLessThan(1e-12);
  });

  it('minimises a bowl in four dimensions', () => {
    const centre = [3, -1, 0.5, 10];
    const result = minimizeNelderMead((p) => p.reduce((s, v, i) => s + (i + 1) * (v - centre[i]) ** 2, 0), [0, 0, 0, 0]);
    expect(result.converged).toBe(true);
    result.point.forEach((v, i) => expect(v).toBeCloseTo(centre[i], 6));
  });

  it('treats NaN as +∞, so a function may refuse a region', () => {
    const result = minimizeNelderMead(([x]) => (x < 1 ? Number.NaN : (x - 2) ** 2), [5]);
    expect(result.point[0]).toBeCloseTo(2, 6);
  });

  it('reports converged: false when the iterations run out', () => {
    const result = minimizeNelderMead(([x, y]) => 100 * (y - x * x) ** 2 + (1 - x) ** 2, [-1.2, 1], { maxIterations: 5 });
    expect(result).toMatchObject({ converged: false, iterations: 5 });
  });

  it('refuses an empty or non-finite start', () => {
    expect(() => minimizeNelderMead(() => 0, [])).toThrow(/start of finite numbers/);
    expect(() => minimizeNelderMead(() => 0, [1, Number.NaN])).toThrow(/start of finite numbers/);
  });
});
