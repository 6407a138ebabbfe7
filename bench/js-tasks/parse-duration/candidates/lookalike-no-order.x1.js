export function parseDuration(text) {
  const units = { d: 86400, h: 3600, m: 60, s: 1 };
  const parts = [...text.matchAll(/(\d+)([dhms])/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text.replace(/\s+/g, '')) throw new SyntaxError('bad duration');
  return parts.reduce((t, [, n, u]) => t + Number(n) * units[u], 0);
}
