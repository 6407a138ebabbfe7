function splitCsvLine(line) {
  const fields = [];
  let at = 0;
  for (;;) {
    let field = '';
    if (line[at] === '"') {
      at++;
      while (at < line.length) {
        if (line[at] === '"' && line[at + 1] === '"') { field += '"'; at += 2; }
        else if (line[at] === '"') { at++; break; }
        else field += line[at++];
      }
    }
    while (at < line.length && line[at] !== ',') field += line[at++];
    fields.push(field);
    if (at >= line.length) return fields;
    at++;
  }
}
