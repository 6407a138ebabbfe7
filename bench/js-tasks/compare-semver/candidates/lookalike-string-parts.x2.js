export function compareSemver(a, b) {
  const x = a.split('.');
  const y = b.split('.');
  for (let i = 0; i < 3; i++) {
    if (x[i] < y[i]) return -1;
    if (x[i] > y[i]) return 1;
  }
  return 0;
}
