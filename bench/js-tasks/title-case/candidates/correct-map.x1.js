const SMALL = new Set(['a', 'an', 'and', 'the', 'of', 'in', 'on', 'to', 'for']);

export function titleCase(text) {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  return words
    .map((w, i) => (i > 0 && i < words.length - 1 && SMALL.has(w) ? w : w[0].toUpperCase() + w.slice(1)))
    .join(' ');
}
