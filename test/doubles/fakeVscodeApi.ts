/*
 * The part of the `vscode` API that Accept uses (window prompts, documents, edits), in
 * memory, so host code that imports `vscode` can run under mocha. {@link installFakeVscode}
 * makes `require('vscode')` resolve to this module; tests script the answers of modal prompts
 * and read back what was shown and what was edited.
 */
import Module from 'node:module';

export class Position {
  constructor(
    readonly line: number,
    readonly character: number,
    /** Offset into the document's text (this double's positions know it). */
    readonly offset: number,
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
  /** Replaces a range (what `applyEdit` does). */
  replace(range: Range, text: string): void {
    this.text = this.text.slice(0, range.start.offset) + text + this.text.slice(range.end.offset);
    this.version++;
  }
}

export class WorkspaceEdit {
  readonly edits: { uri: Uri; range: Range; text: string }[] = [];
  replace(uri: Uri, range: Range, text: string): void {
    this.edits.push({ uri, range, text });
  }
}

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
  reset(): void {
    this.documents.clear();
    this.shown.length = 0;
    this.answers.length = 0;
    this.appliedEdits = 0;
    this.commands.length = 0;
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
  showTextDocument: (document: FakeTextDocument) =>
    Promise.resolve({ document, selection: undefined as Selection | undefined, revealRange: (_range: Range, _how?: number): void => undefined }),
};

export const workspace = {
  openTextDocument: (uri: Uri): Promise<FakeTextDocument> => {
    const document = fake.documents.get(uri.fsPath);
    return document ? Promise.resolve(document) : Promise.reject(new Error(`no document ${uri.fsPath}`));
  },
  applyEdit: (edit: WorkspaceEdit): Promise<boolean> => {
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
