import type { EnginePort, LocatedTarget } from './enginePort';

let loading: Promise<EnginePort> | undefined;

/**
 * The real engine, loaded on first use: the model SDK, tokenizer and verifier are not
 * needed to activate the extension or to show an empty panel.
 */
export function loadEngine(): Promise<EnginePort> {
  loading ??= (async (): Promise<EnginePort> => {
    const [{ solve }, { OpenAIModelClient }, { createVerifier, detectBubblewrap }, { verifierForTask }, { getProviderProfile }, locate, { proposeTests }] = await Promise.all([
      import('../engine/solve'),
      import('../engine/model/openaiModelClient'),
      import('../engine/verify/createVerifier'),
      import('../engine/verify/verifierForTask'),
      import('../engine/model/providerProfiles'),
      import('../engine/locate/locateFunction'),
      import('../engine/tests/proposeTests'),
    ]);
    // The locator, extraction and dedupe parse with tree-sitter: load the grammars before the port is used.
    await (await import('../engine/language/registry')).ensureLanguageLayer();
    return {
      solve,
      createModel: (options) => new OpenAIModelClient(options),
      createVerifier: (options) => createVerifier(options),
      verifierFor: (task, options) => verifierForTask(task, options),
      detectBubblewrap: () => detectBubblewrap(),
      proposeTests: (task, options, signal) => proposeTests(task, options, signal),
      profile: (id, custom) => getProviderProfile(id, id === 'custom' ? custom : {}),
      listFunctions: (text, language) =>
        locate.listFunctions(text, language).flatMap((name): LocatedTarget[] => {
          const found = locate.locateFunction(text, language, name);
          return found ? [{ name, range: found.range, bodyRange: found.bodyRange, ...(found.doc ? { spec: found.doc } : {}) }] : [];
        }),
    };
  })();
  loading.catch(() => (loading = undefined)); // Let a later attempt retry after a failed load.
  return loading;
}
