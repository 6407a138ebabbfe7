export function titleCase(text) {
  const small = ['a', 'an', 'and', 'the', 'of', 'in', 'on', 'to', 'for'];
  const words = text.trim().split(/ +/).filter((w) => w.length > 0);
  const out = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i].toLowerCase();
    const keepSmall = small.includes(word) && i !== 0 && i !== words.length - 1;
    out.push(keepSmall ? word : word.charAt(0).toUpperCase() + word.substring(1));
  }
  return out.join(' ');
}
