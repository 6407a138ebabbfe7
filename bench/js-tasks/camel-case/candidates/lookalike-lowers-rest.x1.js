export function camelCase(text) {
  const words = text.toLowerCase().split(/[\s\-_.]+/).filter(Boolean);
  return words.map((w, i) => (i ? w[0].toUpperCase() + w.slice(1) : w)).join('');
}
