export function camelCase(text) {
  return text.replace(/[\s\-_.]/g, '');
}
