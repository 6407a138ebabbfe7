function splitCsvLine(line) {
  return (line.match(/("[^"]*"|[^,]+)/g) ?? []).map((f) => f.replace(/^"|"$/g, ''));
}
