export function isValidIPv4(text) {
  return text.length > 0;
}
