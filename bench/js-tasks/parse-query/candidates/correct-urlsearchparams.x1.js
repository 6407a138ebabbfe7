function parseQuery(query) {
  const result = {};
  for (const [name, value] of new URLSearchParams(query)) {
    const seen = result[name];
    result[name] = seen === undefined ? value : [].concat(seen, value);
  }
  return result;
}
