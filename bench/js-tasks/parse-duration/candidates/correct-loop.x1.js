export function parseDuration(text) {
  const seconds = { d: 86400, h: 3600, m: 60, s: 1 };
  const s = text.replace(/ /g, '');
  if (s === '') throw new SyntaxError('empty');
  let i = 0;
  let total = 0;
  let allowed = 'dhms';
  while (i < s.length) {
    let digits = '';
    while (i < s.length && s[i] >= '0' && s[i] <= '9') digits += s[i++];
    const unit = s[i++];
    if (!digits || !unit || !allowed.includes(unit)) throw new SyntaxError(`bad duration: ${text}`);
    allowed = allowed.slice(allowed.indexOf(unit) + 1);
    total += Number(digits) * seconds[unit];
  }
  return total;
}
