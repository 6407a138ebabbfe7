export function slugify(title) {
  return title.replace(/\s+/g, '-');
}
