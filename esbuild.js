// One build file, two contexts: the extension host + CLI (node/cjs) and the panel UI (browser/iife).
const esbuild = require('esbuild');
const fs = require('fs');
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

/**
 * Scripts the engine runs in other interpreters (the warm Python worker, the assert parser, the
 * pytest canary plugin, the Node probe worker) live beside the modules that load them; the
 * bundle finds them in dist/scripts/ (see src/engine/shippedScript.ts). Names must be unique.
 */
function copyShippedScripts() {
  const out = path.join('dist', 'scripts');
  fs.mkdirSync(out, { recursive: true });
  const seen = new Map();
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (/\.(py|cjs)$/.test(entry.name)) {
        if (seen.has(entry.name)) throw new Error(`two shipped scripts are called ${entry.name}: ${seen.get(entry.name)} and ${file}`);
        seen.set(entry.name, file);
        fs.copyFileSync(file, path.join(out, entry.name));
      }
    }
  };
  walk(path.join('src', 'engine'));
}

async function main() {
  copyShippedScripts();
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
