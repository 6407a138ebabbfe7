/*
 * VS Code's Language Model API (`vscode.lm` and the classes it speaks in) in memory, for the
 * Language Model client and the model picker under mocha. Models answer from scripts: a list
 * of steps per request (stream a part, wait, throw, hang until cancelled), and record the
 * messages, options and token counts they were asked for.
 */
import type * as vscode from 'vscode';
import type { LanguageModelApi } from '../../src/vscode/languageModels/languageModelApi';

type Listener = (e: unknown) => unknown;

/** A cancellation token source with the real one's semantics (fires once, late listeners see the flag). */
export class CancellationTokenSource implements vscode.CancellationTokenSource {
  private readonly listeners = new Set<Listener>();
  disposed = false;
  readonly token: vscode.CancellationToken = {
    isCancellationRequested: false,
    onCancellationRequested: (listener: Listener): vscode.Disposable => {
      this.listeners.add(listener);
      return { dispose: () => this.listeners.delete(listener) };
    },
  };
  cancel(): void {
    if (this.token.isCancellationRequested) return;
    this.token.isCancellationRequested = true;
    for (const listener of [...this.listeners]) listener(undefined);
  }
  dispose(): void {
    this.disposed = true;
    this.listeners.clear();
  }
}

/** Named as VS Code names it: the client recognises parts by class and by constructor name. */
export class LanguageModelTextPart implements vscode.LanguageModelTextPart {
  constructor(public value: string) {}
}

/** The thinking part of newer VS Code releases (absent from the typings the project builds with). */
export class LanguageModelThinkingPart {
  constructor(
    public value: string | string[],
    public id?: string,
  ) {}
}

/** A tool call part, which the client must skip. */
export class LanguageModelToolCallPart {
  constructor(
    public callId: string,
    public name: string,
    public input: object,
  ) {}
}

export class LanguageModelError extends Error {
  static NoPermissions(message?: string): LanguageModelError {
    return new LanguageModelError(message ?? '', 'NoPermissions');
  }
  static Blocked(message?: string): LanguageModelError {
    return new LanguageModelError(message ?? '', 'Blocked');
  }
  static NotFound(message?: string): LanguageModelError {
    return new LanguageModelError(message ?? '', 'NotFound');
  }
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = code;
  }
}

const USER = 1 as vscode.LanguageModelChatMessageRole;
const ASSISTANT = 2 as vscode.LanguageModelChatMessageRole;

export class LanguageModelChatMessage implements vscode.LanguageModelChatMessage {
  static User(content: string | vscode.LanguageModelTextPart[], name?: string): LanguageModelChatMessage {
    return new LanguageModelChatMessage(USER, content, name);
  }
  static Assistant(content: string | vscode.LanguageModelTextPart[], name?: string): LanguageModelChatMessage {
    return new LanguageModelChatMessage(ASSISTANT, content, name);
  }
  content: vscode.LanguageModelTextPart[];
  constructor(
    public role: vscode.LanguageModelChatMessageRole,
    content: string | vscode.LanguageModelTextPart[],
    public name: string | undefined = undefined,
  ) {
    this.content = typeof content === 'string' ? [new LanguageModelTextPart(content)] : content;
  }
  /** `user: text` / `assistant: text`, for assertions. */
  get summary(): string {
    return `${this.role === USER ? 'user' : 'assistant'}: ${this.content.map((p) => p.value).join('')}`;
  }
}

/** One step of a scripted response stream. */
export type ReplyStep =
  | { part: unknown }
  | { text: string }
  | { thinking: string | string[] }
  | { delayMs: number }
  /** Hangs until the request's token is cancelled, then ends the stream quietly (as VS Code does). */
  | { untilCancelled: true }
  /** Never yields again, whatever the token says: a provider that ignores cancellation. */
  | { hangs: true }
  | { throws: unknown };

/** What a request was sent with. */
export interface SentRequest {
  messages: string[];
  options: vscode.LanguageModelChatRequestOptions | undefined;
  token: vscode.CancellationToken | undefined;
}

/** A chat model whose requests answer from `replies`, in order (the last one repeats). */
export class FakeChatModel implements vscode.LanguageModelChat {
  readonly requests: SentRequest[] = [];
  readonly counted: string[] = [];
  /** Thrown by `sendRequest` itself (before any stream), e.g. a refused consent. */
  sendError: unknown;
  private next = 0;

  constructor(
    readonly vendor: string,
    readonly id: string,
    private readonly replies: ReplyStep[][],
    readonly family = 'test-family',
    readonly maxInputTokens = 8192,
    readonly name = `${vendor} ${id}`,
    readonly version = '1',
  ) {}

  sendRequest(messages: vscode.LanguageModelChatMessage[], options?: vscode.LanguageModelChatRequestOptions, token?: vscode.CancellationToken): Thenable<vscode.LanguageModelChatResponse> {
    this.requests.push({ messages: messages.map((m) => (m as LanguageModelChatMessage).summary), options, token });
    if (this.sendError !== undefined) return Promise.reject(this.sendError);
    const steps = this.replies[Math.min(this.next++, this.replies.length - 1)] ?? [];
    const stream = play(steps, token);
    return Promise.resolve({
      stream,
      text: (async function* (): AsyncIterable<string> {
        for await (const part of stream) if (part instanceof LanguageModelTextPart) yield part.value;
      })(),
    });
  }

  /** One token per whitespace-separated word: easy to check by hand. */
  countTokens(text: string | vscode.LanguageModelChatMessage): Thenable<number> {
    const plain = typeof text === 'string' ? text : (text as LanguageModelChatMessage).summary;
    this.counted.push(plain);
    return Promise.resolve(plain.split(/\s+/).filter((w) => w !== '').length);
  }
}

async function* play(steps: ReplyStep[], token: vscode.CancellationToken | undefined): AsyncIterable<unknown> {
  for (const step of steps) {
    if ('part' in step) yield step.part;
    else if ('text' in step) yield new LanguageModelTextPart(step.text);
    else if ('thinking' in step) yield new LanguageModelThinkingPart(step.thinking);
    else if ('delayMs' in step) await new Promise((resolve) => setTimeout(resolve, step.delayMs));
    else if ('untilCancelled' in step) {
      await new Promise<void>((resolve) => {
        if (token === undefined || token.isCancellationRequested) return resolve();
        token.onCancellationRequested(() => resolve());
      });
      return;
    } else if ('hangs' in step) await new Promise<never>(() => undefined);
    else throw step.throws;
  }
}

/** `vscode.lm` and the classes the client constructs, over a list of models. */
export class FakeLanguageModels implements LanguageModelApi {
  readonly selectors: vscode.LanguageModelChatSelector[] = [];
  readonly sources: CancellationTokenSource[] = [];
  /** Thrown by `selectChatModels`, when set. */
  selectError: unknown;
  readonly LanguageModelChatMessage = LanguageModelChatMessage;
  readonly LanguageModelTextPart = LanguageModelTextPart;
  /** Present as in VS Code 1.10x+; a test may remove it to act as an older host. */
  LanguageModelThinkingPart: typeof LanguageModelThinkingPart | undefined = LanguageModelThinkingPart;
  readonly CancellationTokenSource: new () => vscode.CancellationTokenSource;
  readonly lm: Pick<typeof vscode.lm, 'selectChatModels'>;

  constructor(readonly models: FakeChatModel[]) {
    const sources = this.sources;
    this.CancellationTokenSource = class extends CancellationTokenSource {
      constructor() {
        super();
        sources.push(this);
      }
    };
    this.lm = {
      selectChatModels: (selector: vscode.LanguageModelChatSelector = {}): Thenable<vscode.LanguageModelChat[]> => {
        this.selectors.push(selector);
        if (this.selectError !== undefined) return Promise.reject(this.selectError);
        return Promise.resolve(
          this.models.filter((m) => (selector.vendor === undefined || m.vendor === selector.vendor) && (selector.id === undefined || m.id === selector.id) && (selector.family === undefined || m.family === selector.family)),
        );
      },
    };
  }
}
