function splitCsvLine(line) {
  return line.split(',');
}
