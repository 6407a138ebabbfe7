export function titleCase(text) {
  const small = new Set(['a', 'an', 'and', 'the', 'of', 'in', 'on', 'to', 'for']);
  const words = text.split(/\s+/).filter(Boolean);
  return words.map((w, i) => (i > 0 && i < words.length - 1 && small.has(w) ? w : w[0].toUpperCase() + w.slice(1))).join(' ');
}
