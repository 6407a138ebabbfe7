export function parseDuration(text) {
  const units = { d: 86400, h: 3600, m: 60, s: 1 };
  let total = 0;
  for (const [, n, u] of text.matchAll(/(\d+)([a-z])/g)) total += Number(n) * (units[u] ?? 0);
  return total;
}
