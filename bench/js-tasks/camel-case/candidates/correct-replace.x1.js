export function camelCase(text) {
  const joined = text.trim().replace(/^[\s\-_.]+|[\s\-_.]+$/g, '').replace(/[\s\-_.]+(.)/g, (_, c) => c.toUpperCase());
  return joined.charAt(0).toLowerCase() + joined.slice(1);
}
