export function chunk(items, size) {
  return [items.slice(0, size), items.slice(size)];
}
