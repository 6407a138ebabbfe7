export function deepMerge(target, source) {
  const out = { ...target };
  for (const key of Object.keys(source)) {
    const value = source[key];
    out[key] = typeof value === 'object' && typeof out[key] === 'object' ? { ...out[key], ...value } : value;
  }
  return out;
}
