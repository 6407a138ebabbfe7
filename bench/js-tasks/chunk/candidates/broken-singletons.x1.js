export function chunk(items, size) {
  return items.map((item) => [item]);
}
