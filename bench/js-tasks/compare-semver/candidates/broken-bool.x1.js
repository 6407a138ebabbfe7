export function compareSemver(a, b) {
  return a < b;
}
