export function clampRound(value, min, max, digits) {
  const v = Math.min(Math.max(value, min), max);
  return Number((Math.sign(v) * Math.round(Number(`${Math.abs(v)}e${digits}`))).toString() + `e-${digits}`);
}
