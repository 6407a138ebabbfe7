import type * as vscode from 'vscode';

/**
 * The part of the `vscode` namespace the Language Model client uses. Production passes the
 * `vscode` module itself; unit tests pass a double, so the client runs under plain mocha.
 */
export interface LanguageModelApi {
  readonly lm: Pick<typeof vscode.lm, 'selectChatModels'>;
  readonly LanguageModelChatMessage: Pick<typeof vscode.LanguageModelChatMessage, 'User' | 'Assistant'>;
  readonly CancellationTokenSource: new () => vscode.CancellationTokenSource;
  readonly LanguageModelTextPart: new (value: string) => vscode.LanguageModelTextPart;
  /**
   * Newer VS Code releases (not the typings this project builds against) carry thinking parts.
   * Read at run time: absent in older hosts, and then parts are recognised by shape.
   */
  readonly LanguageModelThinkingPart?: abstract new (...args: never[]) => unknown;
}

/** A chat model the Language Model API offers: `vendor/id` is how the model setting names it. */
export interface LanguageModelRef {
  vendor: string;
  id: string;
}

/**
 * Reads the `vendor/id` form of `bestOfN.provider.model` for the `vscode-lm` profile. The id
 * may itself hold slashes (`copilot/claude-3.5/preview`), so only the first one separates.
 */
export function parseLanguageModelRef(setting: string): LanguageModelRef {
  const text = setting.trim();
  const slash = text.indexOf('/');
  if (slash <= 0 || slash === text.length - 1) {
    throw new Error(
      `The model setting "${setting}" does not name a VS Code language model: with the vscode-lm profile it is vendor/id (e.g. copilot/gpt-4o). Run "Best-of-N: Choose Model" to pick one.`,
    );
  }
  return { vendor: text.slice(0, slash), id: text.slice(slash + 1) };
}

/** `vendor/id`, the setting's form of a model reference. */
export function formatLanguageModelRef(ref: LanguageModelRef): string {
  return `${ref.vendor}/${ref.id}`;
}
