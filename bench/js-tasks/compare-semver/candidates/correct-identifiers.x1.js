function compareIdentifiers(p, q) {
  const numeric = /^[0-9]+$/;
  if (numeric.test(p) && numeric.test(q)) return Math.sign(Number(p) - Number(q));
  if (numeric.test(p)) return -1;
  if (numeric.test(q)) return 1;
  return p === q ? 0 : p < q ? -1 : 1;
}

export function compareSemver(a, b) {
  const [ca, ...pa] = a.split('-');
  const [cb, ...pb] = b.split('-');
  const na = ca.split('.').map(Number);
  const nb = cb.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const d = Math.sign(na[i] - nb[i]);
    if (d !== 0) return d;
  }
  const ra = pa.length ? pa.join('-').split('.') : [];
  const rb = pb.length ? pb.join('-').split('.') : [];
  if (!ra.length || !rb.length) return ra.length === rb.length ? 0 : ra.length ? -1 : 1;
  for (let i = 0; i < Math.min(ra.length, rb.length); i++) {
    const d = compareIdentifiers(ra[i], rb[i]);
    if (d !== 0) return d;
  }
  return Math.sign(ra.length - rb.length);
}
