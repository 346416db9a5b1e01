/**
 * How many cases a property test generates. CI runs the numbers given in the tests (at least
 * 100,000 cases in all); TANDEM_FUZZ_SCALE multiplies them for a longer hunt on a workstation,
 * e.g. TANDEM_FUZZ_SCALE=20 node scripts/run-tests.mjs fuzz.
 */
export function fuzzRuns(cases: number): number {
  const raw = process.env.TANDEM_FUZZ_SCALE;
  if (raw === undefined || raw === '') return cases;
  const scale = Number(raw);
  if (!Number.isFinite(scale) || scale <= 0) {
    throw new RangeError(`Expected \`TANDEM_FUZZ_SCALE\` to be a positive number, got \`${raw}\``);
  }
  return Math.max(1, Math.round(cases * scale));
}
