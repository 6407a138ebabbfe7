/*
 * The part of the `vscode` API that Accept uses (window prompts, documents, edits), in
 * memory, so host code that imports `vscode` can run under mocha. {@link installFakeVscode}
 * makes `require('vscode')` resolve to this module; tests script the answers of modal prompts
 * and read back what was shown and what was edited.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';

export class Position {
  constructor(
    readonly line: number,
    readonly character: number,
    /** Offset into the document's text (this double's positions know it; `new Position(0, 0)` is offset 0). */
    readonly offset: number = 0,
  ) {}
}

export class Range {
  constructor(
    readonly start: Position,
    readonly end: Position,
  ) {}
}

export class Selection extends Range {}

export const TextEditorRevealType = { InCenterIfOutsideViewport: 2 } as const;

export class Uri {
  private constructor(readonly fsPath: string) {}
  static file(fsPath: string): Uri {
    return new Uri(fsPath);
  }
  static parse(text: string): Uri {
    return new Uri(text.replace(/^file:\/\//, ''));
  }
  toString(): string {
    return `file://${this.fsPath}`;
  }
}

/** An open text document whose text the fake workspace edits. */
export class FakeTextDocument {
  version = 1;
  constructor(
    readonly uri: Uri,
    private text: string,
  ) {}
  getText(): string {
    return this.text;
  }
  positionAt(offset: number): Position {
    const before = this.text.slice(0, offset).split('\n');
    return new Position(before.length - 1, before[before.length - 1].length, offset);
  }
  /** Writes the text to its file on disk, as VS Code's save does. */
  save(): Promise<boolean> {
    mkdirSync(path.dirname(this.uri.fsPath), { recursive: true });
    writeFileSync(this.uri.fsPath, this.text);
    fake.saved.push(this.uri.fsPath);
    return Promise.resolve(true);
  }
  /** Replaces a range (what `applyEdit` does). */
  replace(range: Range, text: string): void {
    this.text = this.text.slice(0, range.start.offset) + text + this.text.slice(range.end.offset);
    this.version++;
  }
}

export class WorkspaceEdit {
  readonly edits: { uri: Uri; range: Range; text: string }[] = [];
  readonly created: Uri[] = [];
  replace(uri: Uri, range: Range, text: string): void {
    this.edits.push({ uri, range, text });
  }
  insert(uri: Uri, position: Position, text: string): void {
    this.edits.push({ uri, range: new Range(position, position), text });
  }
  /** A new, empty document for `uri` (the edit fails when it exists, as with `ignoreIfExists: false`). */
  createFile(uri: Uri, _options?: { ignoreIfExists?: boolean }): void {
    this.created.push(uri);
  }
}

export const ProgressLocation = { Notification: 15 } as const;

/** One prompt the code showed: its kind, message, options and the buttons offered. */
export interface ShownMessage {
  level: 'info' | 'warning' | 'error';
  message: string;
  options?: { modal?: boolean; detail?: string };
  items: string[];
}

/** The fake's state: documents by path, prompts shown, answers to give (first in, first out). */
export const fake = {
  documents: new Map<string, FakeTextDocument>(),
  shown: [] as ShownMessage[],
  /** Button labels to answer the next prompts with; `undefined` is the user dismissing (Cancel). */
  answers: [] as (string | undefined)[],
  appliedEdits: 0,
  commands: [] as unknown[][],
  /** Paths of documents saved to disk, in order. */
  saved: [] as string[],
  reset(): void {
    this.documents.clear();
    this.shown.length = 0;
    this.answers.length = 0;
    this.appliedEdits = 0;
    this.commands.length = 0;
    this.saved.length = 0;
  },
};

function show(level: ShownMessage['level'], message: string, rest: unknown[]): Promise<string | undefined> {
  const options = rest[0] !== null && typeof rest[0] === 'object' ? (rest[0] as ShownMessage['options']) : undefined;
  const items = rest.filter((x): x is string => typeof x === 'string');
  fake.shown.push({ level, message, options, items });
  return Promise.resolve(fake.answers.length ? fake.answers.shift() : undefined);
}

export const window = {
  showWarningMessage: (message: string, ...rest: unknown[]) => show('warning', message, rest),
  showErrorMessage: (message: string, ...rest: unknown[]) => show('error', message, rest),
  showInformationMessage: (message: string, ...rest: unknown[]) => show('info', message, rest),
  /** Runs the task at once with a token that is never cancelled. */
  withProgress: <T>(_options: unknown, task: (progress: { report(value: unknown): void }, token: { isCancellationRequested: boolean; onCancellationRequested(l: () => unknown): { dispose(): void } }) => Promise<T>): Promise<T> =>
    task({ report: () => undefined }, { isCancellationRequested: false, onCancellationRequested: () => ({ dispose: () => undefined }) }),
  showTextDocument: (document: FakeTextDocument) =>
    Promise.resolve({ document, selection: undefined as Selection | undefined, revealRange: (_range: Range, _how?: number): void => undefined }),
};

export const workspace = {
  get textDocuments(): FakeTextDocument[] {
    return [...fake.documents.values()];
  },
  openTextDocument: (uri: Uri): Promise<FakeTextDocument> => {
    const document = fake.documents.get(uri.fsPath);
    return document ? Promise.resolve(document) : Promise.reject(new Error(`no document ${uri.fsPath}`));
  },
  applyEdit: (edit: WorkspaceEdit): Promise<boolean> => {
    if (edit.created.some((uri) => fake.documents.has(uri.fsPath))) return Promise.resolve(false);
    for (const uri of edit.created) fake.documents.set(uri.fsPath, new FakeTextDocument(uri, ''));
    for (const e of edit.edits) fake.documents.get(e.uri.fsPath)?.replace(e.range, e.text);
    fake.appliedEdits++;
    return Promise.resolve(true);
  },
};

export const commands = {
  executeCommand: (...args: unknown[]): Promise<undefined> => {
    fake.commands.push(args);
    return Promise.resolve(undefined);
  },
};

let installed = false;

/** Makes `require('vscode')` load this module (idempotent). Call before importing host code. */
export function installFakeVscode(): void {
  if (installed) return;
  installed = true;
  const loader = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
  const original = loader._resolveFilename;
  loader._resolveFilename = function (request: string, ...rest: unknown[]): string {
    return request === 'vscode' ? __filename : original.call(this, request, ...rest);
  };
}
