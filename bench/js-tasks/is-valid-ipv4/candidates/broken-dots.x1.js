export function isValidIPv4(text) {
  return text.includes('.');
}
