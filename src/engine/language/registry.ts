import type { Language } from '../task';
import { goSupport } from './go/goSupport';
import { javaSupport } from './java/javaSupport';
import { javascriptSupport } from './javascript/javascriptSupport';
import type { LanguageSupport } from './languageSupport';
import { pythonSupport } from './python/pythonSupport';
import { rustSupport } from './rust/rustSupport';
import { loadGrammars } from './treeSitter';
import { typescriptSupport } from './typescript/typescriptSupport';

/**
 * Every language the engine supports: the one table that maps file extensions,
 * VS Code language ids and fence tags to a language. A new language is a folder
 * beside these and one line here.
 */
export const LANGUAGE_SUPPORTS: readonly LanguageSupport[] = [pythonSupport, javascriptSupport, typescriptSupport, goSupport, rustSupport, javaSupport];

const byLanguage = new Map(LANGUAGE_SUPPORTS.map((s) => [s.language, s]));
const byExtension = new Map(LANGUAGE_SUPPORTS.flatMap((s) => s.extensions.map((e) => [e, s] as const)));
const byLanguageId = new Map(LANGUAGE_SUPPORTS.flatMap((s) => s.languageIds.map((id) => [id, s] as const)));

/** The support for `language`; undefined for `other`. */
export function supportFor(language: Language): LanguageSupport | undefined {
  return byLanguage.get(language);
}

/** The language of a file from its extension; `other` when the engine has no support for it. */
export function detectLanguage(filePath: string): Language {
  const ext = /\.([A-Za-z0-9]+)$/.exec(filePath)?.[1]?.toLowerCase() ?? '';
  return byExtension.get(ext)?.language ?? 'other';
}

/** The language of an editor document: its VS Code language id first, else its file name. */
export function languageOfDocument(languageId: string, fileName: string): Language {
  return byLanguageId.get(languageId)?.language ?? detectLanguage(fileName);
}

/** The fence tag prompts ask for ('' for `other`). */
export function fenceTagOf(language: Language): string {
  return supportFor(language)?.fenceTags[0] ?? '';
}

/** The language's name in prose. */
export function displayNameOf(language: Language): string {
  return supportFor(language)?.displayName ?? 'the file’s language';
}

let loaded: Promise<void> | undefined;

/**
 * Loads every grammar the language layer parses with. Await it once at each entry
 * point (solve, the CLI commands, the extension's engine loader) before anything
 * locates, extracts or hashes code; the synchronous functions throw until it has.
 */
export function ensureLanguageLayer(): Promise<void> {
  loaded ??= loadGrammars([...new Set(LANGUAGE_SUPPORTS.flatMap((s) => s.grammars))]);
  loaded.catch(() => (loaded = undefined)); // A failed load is retried by the next caller.
  return loaded;
}
