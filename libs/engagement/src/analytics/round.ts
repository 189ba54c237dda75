/**
 * `value` rounded to `digits` decimals, halves away from zero, with the binary error of the product
 * nudged out first (so 1.005 → 1.01 and −2.5 → −3); never returns −0.
 */
export function roundTo(value: number, digits: number): number {
  const factor = 10 ** digits;
  const rounded = (Math.sign(value) * Math.round(Math.abs(value) * factor * (1 + Number.EPSILON))) / factor;
  return rounded === 0 ? 0 : rounded;
}
