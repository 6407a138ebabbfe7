// One build file, two contexts: the extension host + CLI (node/cjs) and the panel UI (browser/iife).
const esbuild = require('esbuild');
const path = require('path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Prints build errors in the `file:line:col: error:` shape VS Code's problem matchers read. */
const problemMatcherPlugin = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => console.log(`[watch] build started (${build.initialOptions.platform})`));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log(`[watch] build finished (${build.initialOptions.platform})`);
    });
  },
};

const shared = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'silent',
  plugins: [problemMatcherPlugin],
};

async function main() {
  const host = await esbuild.context({
    ...shared,
    entryPoints: { extension: 'src/extension.ts', cli: 'src/cli/main.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // tiktoken and the tree-sitter runtime load their .wasm files next to their own JS at
    // run time, so they stay runtime dependencies.
    external: ['vscode', 'tiktoken', '@vscode/tree-sitter-wasm'],
  });
  const webview = await esbuild.context({
    ...shared,
    entryPoints: { panel: 'webview-ui/main.ts' },
    outdir: path.join('dist', 'webview'),
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    loader: { '.css': 'css' },
  });
  if (watch) {
    await Promise.all([host.watch(), webview.watch()]);
    return;
  }
  await Promise.all([host.rebuild(), webview.rebuild()]);
  await Promise.all([host.dispose(), webview.dispose()]);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
