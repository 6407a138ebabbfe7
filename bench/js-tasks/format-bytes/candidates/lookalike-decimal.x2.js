function formatBytes(bytes) {
  if (bytes < 0) throw new RangeError('negative');
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  let v = bytes;
  while (v >= 1000 && i < units.length - 1) { v /= 1000; i++; }
  return `${Number(v.toFixed(1))} ${units[i]}`;
}
