export function clampRound(value, min, max, digits) {
  return Math.min(max, Math.max(min, value)).toFixed(digits);
}
