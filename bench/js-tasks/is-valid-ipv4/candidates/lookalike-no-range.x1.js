export function isValidIPv4(text) {
  return /^(0|[1-9]\d*)(\.(0|[1-9]\d*)){3}$/.test(text);
}
