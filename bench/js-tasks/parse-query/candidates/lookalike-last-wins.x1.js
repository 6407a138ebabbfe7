function parseQuery(query) {
  return Object.fromEntries(new URLSearchParams(query));
}
