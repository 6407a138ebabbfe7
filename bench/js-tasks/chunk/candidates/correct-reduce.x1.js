export function chunk(items, size) {
  if (!(Number.isInteger(size) && size > 0)) {
    throw new RangeError(`bad chunk size ${size}`);
  }
  return items.reduce((groups, item, index) => {
    if (index % size === 0) groups.push([]);
    groups[groups.length - 1].push(item);
    return groups;
  }, []);
}
