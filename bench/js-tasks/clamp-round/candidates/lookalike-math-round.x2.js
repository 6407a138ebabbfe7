export function clampRound(value, min, max, digits) {
  if (min > max) throw new RangeError('min > max');
  const f = 10 ** digits;
  return Math.round(Math.min(max, Math.max(min, value)) * f) / f;
}
