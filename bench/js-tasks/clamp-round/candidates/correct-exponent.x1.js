export function clampRound(value, min, max, digits) {
  if (min > max) {
    throw new RangeError(`empty range [${min}, ${max}]`);
  }
  let v = value < min ? min : value > max ? max : value;
  const sign = v < 0 ? -1 : 1;
  v = Math.abs(v);
  const rounded = Number(Math.round(Number(`${v}e${digits}`)) + `e-${digits}`);
  return sign * rounded;
}
