import { ModelError } from '../../engine/model/types';

/**
 * Turns what `selectChatModels`, `sendRequest` or reading the stream threw into a
 * {@link ModelError} a user can act on. `LanguageModelError` carries its cause in `code`
 * (`NoPermissions`, `Blocked`, `NotFound`, as the API documents); anything else keeps the
 * provider's message. `modelName` is the `vendor/id` of the chosen model.
 */
export function toModelError(err: unknown, modelName: string): ModelError {
  if (err instanceof ModelError) return err;
  const code = errorCode(err);
  const said = err instanceof Error && err.message.trim() !== '' ? ` (${err.message.trim()})` : '';
  switch (code) {
    case 'NoPermissions':
      return new ModelError(
        `Best-of-N may not use the language model ${modelName}${said}: permission was refused. Allow it again under Accounts (the person icon) → Manage Language Model Access, then run again.`,
        'auth',
      );
    case 'Blocked':
      return new ModelError(`The language model ${modelName} refused the request for now${said}: its quota or rate limit is reached. Wait a little, or choose another model.`, 'rate-limit');
    case 'NotFound':
      return new ModelError(`The language model ${modelName} is no longer available${said}. Run "Best-of-N: Choose Model" to pick another one.`, 'not-found');
    default:
      break;
  }
  if (err instanceof Error && err.name === 'Canceled') return cancelled();
  const text = err instanceof Error ? err.message : String(err);
  return new ModelError(`The language model ${modelName} failed: ${text}`, 'server');
}

/** What a cancelled request rejects with. */
export function cancelled(): ModelError {
  return new ModelError('The request was cancelled.', 'cancelled');
}

/** No installed extension offers the chosen model. */
export function noSuchModel(modelName: string): ModelError {
  return new ModelError(
    `No language model matching ${modelName} is available; install or sign in to an extension that provides chat models, or choose another model ("Best-of-N: Choose Model").`,
    'not-found',
  );
}

function errorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null || !('code' in err)) return undefined;
  return typeof err.code === 'string' ? err.code : undefined;
}
