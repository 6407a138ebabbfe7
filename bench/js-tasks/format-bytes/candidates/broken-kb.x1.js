function formatBytes(bytes) {
  return `${bytes / 1024} KB`;
}
