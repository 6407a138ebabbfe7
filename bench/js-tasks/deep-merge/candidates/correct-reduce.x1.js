export function deepMerge(target, source) {
  const plain = (v) => Object.prototype.toString.call(v) === '[object Object]';
  return Object.keys(source).reduce(
    (acc, key) => ({ ...acc, [key]: plain(acc[key]) && plain(source[key]) ? deepMerge(acc[key], source[key]) : source[key] }),
    { ...target },
  );
}
