import * as vscode from 'vscode';
import type { TargetKind, TextRange } from '../engine/task';
import type { EnginePort, LocatedTarget } from './enginePort';
import type { SymbolInfo } from './taskFromDocument';
import { allFunctions, enclosingFunction, isStubBody, languageOf } from './taskFromDocument';

/** What to solve in a document. */
export interface Target {
  range: TextRange;
  targetKind: TargetKind;
  functionName?: string;
  spec?: string;
  /** How it was found, for the log. */
  source: 'selection' | 'symbols' | 'locator' | 'picked' | 'argument';
}

const FUNCTION_KINDS = new Set([vscode.SymbolKind.Function, vscode.SymbolKind.Method, vscode.SymbolKind.Constructor]);

function toSymbolInfo(document: vscode.TextDocument, symbol: vscode.DocumentSymbol | vscode.SymbolInformation): SymbolInfo {
  const range = 'range' in symbol ? symbol.range : symbol.location.range;
  return {
    name: symbol.name,
    isFunction: FUNCTION_KINDS.has(symbol.kind),
    range: { start: document.offsetAt(range.start), end: document.offsetAt(range.end) },
    children: 'children' in symbol ? symbol.children.map((c) => toSymbolInfo(document, c)) : [],
  };
}

/** The document's symbols from whatever language extension provides them; empty when none does. */
async function documentSymbols(document: vscode.TextDocument): Promise<SymbolInfo[]> {
  try {
    const symbols = await vscode.commands.executeCommand<(vscode.DocumentSymbol | vscode.SymbolInformation)[] | undefined>(
      'vscode.executeDocumentSymbolProvider',
      document.uri,
    );
    return (symbols ?? []).map((s) => toSymbolInfo(document, s));
  } catch {
    return []; // A failing provider is the same as none: the engine's locator takes over.
  }
}

function locatorTargets(engine: EnginePort, document: vscode.TextDocument): LocatedTarget[] {
  const language = languageOf(document.languageId, document.fileName);
  try {
    return engine.listFunctions(document.getText(), language);
  } catch {
    return [];
  }
}

/**
 * A stub (`pass`, `...`, `raise NotImplementedError`, a TODO) asks for a body: the signature and
 * docstring stay as the user wrote them. A function with real code is rewritten whole.
 */
function fromLocated(document: vscode.TextDocument, found: LocatedTarget, source: Target['source']): Target {
  const body = document.getText().slice(found.bodyRange.start, found.bodyRange.end);
  const stub = isStubBody(body, languageOf(document.languageId, document.fileName));
  return {
    range: stub ? found.bodyRange : found.range,
    targetKind: stub ? 'body' : 'function',
    functionName: found.name,
    ...(found.spec ? { spec: found.spec } : {}),
    source,
  };
}

function innermost(found: LocatedTarget[], offset: number): LocatedTarget | undefined {
  return found
    .filter((f) => offset >= f.range.start && offset <= f.range.end)
    .sort((a, b) => a.range.end - a.range.start - (b.range.end - b.range.start))[0];
}

/** Finds the function called `name`: the engine's locator first (it knows docstrings), then symbols. */
export async function targetByName(engine: EnginePort, document: vscode.TextDocument, name: string): Promise<Target | undefined> {
  const located = locatorTargets(engine, document).find((f) => f.name === name);
  if (located) return fromLocated(document, located, 'argument');
  const symbol = allFunctions(await documentSymbols(document)).find((s) => s.name === name);
  return symbol ? { range: symbol.range, targetKind: 'function', functionName: symbol.name, source: 'argument' } : undefined;
}

/**
 * The target in `editor`: the selection, else the function around the cursor (document
 * symbols, then the engine's locator), else a function the user picks. Undefined when the
 * user dismissed the pick.
 */
export async function pickTarget(engine: EnginePort, editor: vscode.TextEditor): Promise<Target | undefined> {
  const document = editor.document;
  const selection = editor.selection;
  if (!selection.isEmpty) {
    return { range: { start: document.offsetAt(selection.start), end: document.offsetAt(selection.end) }, targetKind: 'selection', source: 'selection' };
  }
  const offset = document.offsetAt(selection.active);
  const located = locatorTargets(engine, document);
  const symbols = await documentSymbols(document);
  const symbol = enclosingFunction(symbols, offset);
  if (symbol) {
    // The locator's range includes decorators and its spec the docstring; prefer it for the same function.
    const same = located.find((f) => f.name === symbol.name && f.range.start <= symbol.range.start + 1 && f.range.end >= symbol.range.end - 1);
    return same ? fromLocated(document, same, 'symbols') : { range: symbol.range, targetKind: 'function', functionName: symbol.name, source: 'symbols' };
  }
  const around = innermost(located, offset);
  if (around) return fromLocated(document, around, 'locator');

  const choices: { label: string; description: string; target: Target }[] = [
    ...located.map((f) => ({ label: f.name, description: `line ${document.positionAt(f.range.start).line + 1}`, target: fromLocated(document, f, 'picked') })),
    ...allFunctions(symbols)
      .filter((s) => !located.some((f) => f.name === s.name))
      .map((s) => ({ label: s.name, description: `line ${document.positionAt(s.range.start).line + 1}`, target: { range: s.range, targetKind: 'function' as const, functionName: s.name, source: 'picked' as const } })),
  ];
  if (choices.length === 0) {
    void vscode.window.showWarningMessage('Best-of-N: no function found here. Select the code to rewrite, or place the cursor inside a function.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(choices, { title: 'Best-of-N: which function should be solved?', placeHolder: 'The cursor is not inside a function' });
  return picked?.target;
}
