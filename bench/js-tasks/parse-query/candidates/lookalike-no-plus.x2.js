function parseQuery(query) {
  const out = {};
  for (const pair of query.replace(/^\?/, '').split('&').filter(Boolean)) {
    const [k, v = ''] = pair.split('=');
    const value = decodeURIComponent(v);
    out[k] = k in out ? [].concat(out[k], value) : value;
  }
  return out;
}
