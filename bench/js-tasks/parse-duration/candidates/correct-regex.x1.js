export function parseDuration(text) {
  const m = /^\s*(?:(\d+)d)?\s*(?:(\d+)h)?\s*(?:(\d+)m)?\s*(?:(\d+)s)?\s*$/.exec(text);
  if (!m || m.slice(1).every((g) => g === undefined)) throw new SyntaxError(`not a duration: ${text}`);
  const [d, h, mi, s] = m.slice(1).map((g) => Number(g ?? 0));
  return d * 86400 + h * 3600 + mi * 60 + s;
}
