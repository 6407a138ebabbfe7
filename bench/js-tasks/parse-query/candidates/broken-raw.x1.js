function parseQuery(query) {
  return query.split('&').map((p) => p.split('='));
}
