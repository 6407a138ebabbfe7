export function compareSemver(a, b) {
  const x = a.split('-')[0].split('.').map(Number);
  const y = b.split('-')[0].split('.').map(Number);
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
  return 0;
}
