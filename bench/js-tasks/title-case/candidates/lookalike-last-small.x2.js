export function titleCase(text) {
  const small = ['a', 'an', 'and', 'the', 'of', 'in', 'on', 'to', 'for'];
  return text
    .toLowerCase()
    .split(' ')
    .map((w, i) => (i > 0 && small.includes(w) ? w : w.charAt(0).toUpperCase() + w.slice(1)))
    .join(' ');
}
