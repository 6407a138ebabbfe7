import { createRequire } from 'node:module';
import type { Language as Grammar, Parser, Tree } from '@vscode/tree-sitter-wasm';

/**
 * The grammars the engine parses with: the WebAssembly builds VS Code itself ships
 * (`@vscode/tree-sitter-wasm`), loaded by the tree-sitter runtime bundled in the same
 * package so the runtime and the grammars always share one ABI.
 */
export type GrammarName = 'python' | 'javascript' | 'typescript' | 'tsx' | 'go' | 'rust' | 'java';

/** Raised when a grammar cannot be loaded, with the file that was looked for. */
export class GrammarMissingError extends Error {
  constructor(readonly grammar: GrammarName, readonly detail: string) {
    super(`the ${grammar} grammar could not be loaded (${detail}); reinstall the extension or run npm ci`);
    this.name = 'GrammarMissingError';
  }
}

type TreeSitterModule = typeof import('@vscode/tree-sitter-wasm');

// The package stays outside the esbuild bundle (like tiktoken): its runtime finds
// tree-sitter.wasm beside its own JS, and the grammars are plain files beside it.
const requireHere = createRequire(__filename);
let runtime: Promise<TreeSitterModule> | undefined;
const grammars = new Map<GrammarName, Promise<Grammar>>();
const parsers = new Map<GrammarName, Parser>();

function loadRuntime(): Promise<TreeSitterModule> {
  runtime ??= (async () => {
    const module = requireHere('@vscode/tree-sitter-wasm') as TreeSitterModule;
    await module.Parser.init();
    return module;
  })();
  return runtime;
}

function grammarFile(name: GrammarName): string {
  const file = name === 'typescript' ? 'tree-sitter-typescript.wasm' : `tree-sitter-${name}.wasm`;
  return requireHere.resolve(`@vscode/tree-sitter-wasm/wasm/${file}`);
}

async function loadGrammar(name: GrammarName): Promise<Grammar> {
  const module = await loadRuntime();
  let file: string;
  try {
    file = grammarFile(name);
  } catch (error) {
    throw new GrammarMissingError(name, error instanceof Error ? error.message.split('\n')[0] : String(error));
  }
  try {
    return await module.Language.load(file);
  } catch (error) {
    throw new GrammarMissingError(name, `${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * A parser for `name`, loaded once per process. Call this (async) before the
 * synchronous {@link parseWith}; the language layer awaits it at its entry points.
 */
export async function parserFor(name: GrammarName): Promise<Parser> {
  const cached = parsers.get(name);
  if (cached) return cached;
  let grammar = grammars.get(name);
  if (!grammar) {
    grammar = loadGrammar(name);
    grammars.set(name, grammar);
    // A failed load is not cached, so a later call can report or recover afresh.
    grammar.catch(() => grammars.delete(name));
  }
  const module = await loadRuntime();
  const parser = new module.Parser();
  parser.setLanguage(await grammar);
  parsers.set(name, parser);
  return parser;
}

/** Whether {@link parserFor} has loaded `name` in this process. */
export function grammarLoaded(name: GrammarName): boolean {
  return parsers.has(name);
}

/** Parses `text` with an already loaded grammar; throws when {@link parserFor} was not awaited first. */
export function parseWith(name: GrammarName, text: string): Tree {
  const parser = parsers.get(name);
  if (!parser) throw new Error(`the ${name} grammar is not loaded yet: await parserFor('${name}') first`);
  const tree = parser.parse(text);
  if (!tree) throw new Error(`the ${name} parser returned no tree`);
  return tree;
}

/** Loads several grammars at once (the engine's start-up step for the languages it needs). */
export async function loadGrammars(names: readonly GrammarName[]): Promise<void> {
  await Promise.all(names.map((name) => parserFor(name)));
}
