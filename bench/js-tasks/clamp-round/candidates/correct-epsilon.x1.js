export function clampRound(value, min, max, digits) {
  if (min > max) throw new RangeError('min is greater than max');
  const clamped = Math.min(max, Math.max(min, value));
  const factor = 10 ** digits;
  const scaled = Math.abs(clamped) * factor;
  return (Math.sign(clamped) * Math.round(Number(scaled.toPrecision(15)))) / factor;
}
