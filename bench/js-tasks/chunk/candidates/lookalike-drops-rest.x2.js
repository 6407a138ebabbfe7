export function chunk(items, size) {
  if (size < 1) throw new RangeError('size');
  const out = [];
  for (let i = 0; i + size <= items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
