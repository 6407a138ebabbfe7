function formatBytes(bytes) {
  if (!(bytes >= 0 && bytes < Infinity)) throw new RangeError('bytes must be a finite, non-negative number');
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  const power = bytes === 0 ? 0 : Math.min(units.length - 1, Math.floor(Math.log2(bytes) / 10));
  const value = Math.round((bytes / 1024 ** power) * 10) / 10;
  return `${value} ${units[power]}`;
}
