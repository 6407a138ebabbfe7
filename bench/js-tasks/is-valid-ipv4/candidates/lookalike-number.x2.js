export function isValidIPv4(text) {
  const parts = text.split('.');
  return parts.length === 4 && parts.every((p) => p !== '' && Number(p) >= 0 && Number(p) <= 255);
}
