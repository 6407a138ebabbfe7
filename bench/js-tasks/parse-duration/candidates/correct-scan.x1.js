export function parseDuration(text) {
  const units = { d: 86400, h: 3600, m: 60, s: 1 };
  const order = 'dhms';
  if (!text.trim()) throw new SyntaxError('empty duration');
  let total = 0;
  let last = -1;
  for (const part of text.replace(/\s+/g, '').match(/\d+[a-z]?|./g) ?? []) {
    const m = /^(\d+)([dhms])$/.exec(part);
    if (!m) throw new SyntaxError(`bad part ${part}`);
    const at = order.indexOf(m[2]);
    if (at <= last) throw new SyntaxError(`unit ${m[2]} out of order`);
    last = at;
    total += Number(m[1]) * units[m[2]];
  }
  return total;
}
