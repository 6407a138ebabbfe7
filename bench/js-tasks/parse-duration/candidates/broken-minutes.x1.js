export function parseDuration(text) {
  return Number(text.replace(/\D/g, '')) * 60;
}
