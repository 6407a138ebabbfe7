export function isValidIPv4(text) {
  const octet = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
  return new RegExp(`^${octet}\\.${octet}\\.${octet}\\.${octet}$`).test(text);
}
