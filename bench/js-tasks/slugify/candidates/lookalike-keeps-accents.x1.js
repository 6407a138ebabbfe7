export function slugify(title) {
  return title.toLowerCase().replace(/[^a-z0-9à-ÿ]+/g, '-').replace(/^-+|-+$/g, '');
}
