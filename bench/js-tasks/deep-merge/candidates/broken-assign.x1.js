export function deepMerge(target, source) {
  return Object.assign({}, source);
}
