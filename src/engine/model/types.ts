/** Reasoning effort values of the OpenAI API; `none` asks for no reasoning at all. */
export type ReasoningEffort = 'none' | 'minimal' | 'low' | 'medium' | 'high';

/**
 * Where a server puts the model's reasoning text: a field beside `content` (`reasoning`,
 * `reasoning_content`, OpenRouter's `reasoning_details` array), or tags inside the content
 * (`<think>…</think>`, or Gemini's `<thought>…</thought>`).
 */
export type ReasoningSource = 'reasoning' | 'reasoning_content' | 'reasoning_details' | 'think-tags' | 'thought-tags';

/**
 * Where a thinking-token budget goes in the request body, spelled as its path:
 * Qwen-style chat templates, vLLM's own cap, OpenRouter's `reasoning` object, Anthropic's
 * `thinking` object (with `type: 'enabled'`), Gemini's Google extension (with `include_thoughts`).
 */
export type ThinkingBudgetField =
  | 'chat_template_kwargs.thinking_budget'
  | 'thinking_token_budget'
  | 'reasoning.max_tokens'
  | 'thinking.budget_tokens'
  | 'extra_body.google.thinking_config.thinking_budget';

/**
 * What a provider accepts. The sampler sends a knob only when the profile says the
 * server takes it; what was sent is reported back as {@link AppliedKnobs}.
 */
export interface ProviderProfile {
  id: 'openai' | 'azure' | 'openrouter' | 'vllm' | 'ollama' | 'lmstudio' | 'deepseek' | 'anthropic' | 'gemini' | 'replay' | 'vscode-lm' | 'custom';
  label: string;
  /**
   * The HTTP API requests go through: `responses` (OpenAI's Responses API, the only one that
   * returns reasoning summaries) or `chat` (`/v1/chat/completions`). Absent means `chat`.
   * `vscode-lm` profiles use neither: requests go through VS Code's Language Model API.
   */
  api?: 'chat' | 'responses';
  /**
   * One request may ask for several choices with `n`. `detect`: ask with `n` and let the first
   * answer tell (n choices back: supported; one: the server ignores `n`, and the client asks
   * one request per sample from then on, for as long as the process lives).
   */
  supportsN: boolean | 'detect';
  /** `reasoning_effort` values the server accepts; empty when it takes none. */
  reasoningEfforts: ReasoningEffort[];
  /** The completion cap is `max_completion_tokens` (true) or `max_tokens` (false). */
  usesMaxCompletionTokens: boolean;
  /** Thinking can be switched off by a field of its own; {@link thinkingSwitch} says which. */
  supportsEnableThinking: boolean;
  /**
   * How thinking is switched: vLLM/Qwen-style `chat_template_kwargs: { enable_thinking }`
   * (absent means this) or DeepSeek's `thinking: { type: 'enabled' | 'disabled' }`.
   */
  thinkingSwitch?: 'chat_template_kwargs.enable_thinking' | 'thinking.type';
  /** A thinking-token budget can be sent; {@link thinkingBudgetFields} says where. */
  supportsThinkingBudget: boolean;
  /**
   * Where the budget goes. Absent: `reasoning.max_tokens` with {@link reasoningObject},
   * `chat_template_kwargs.thinking_budget` otherwise.
   */
  thinkingBudgetFields?: ThinkingBudgetField[];
  /** Smallest budget the server takes; a smaller one is raised to it and reported. */
  minThinkingBudget?: number;
  /** The budget must stay below the completion cap (Anthropic); one that does not is reported, not sent. */
  thinkingBudgetBelowMaxTokens?: boolean;
  /**
   * The server takes an effort or a budget, never both: with both asked for, the budget is
   * sent and the effort reported. Absent: as {@link reasoningObject}.
   */
  effortOrBudget?: boolean;
  /**
   * Whether the model thinks when nothing is said about it: true (DeepSeek), false
   * (Anthropic: only a budget turns it on, so fast mode needs no field). Absent: unknown.
   */
  thinksByDefault?: boolean;
  /** `temperature`/`top_p` have no effect, or are refused, while the model thinks. */
  samplingOffWhileThinking?: boolean;
  /** Highest temperature the server applies; a higher one is lowered to it and reported. */
  maxTemperature?: number;
  /** Ask for the billed cost with `usage: { include: true }` (OpenRouter); it comes back as `usage.cost`. */
  reportsCost?: boolean;
  /**
   * False when `usage.completion_tokens_details.reasoning_tokens` never comes back (Anthropic's
   * compatibility layer leaves it empty): thinking is billed inside `completion_tokens` unsplit.
   */
  reportsReasoningTokens?: boolean;
  /** `temperature`/`top_p` are accepted (reasoning models often reject them). */
  supportsSamplingParams: boolean;
  supportsStreaming: boolean;
  /** Where reasoning text is read from, in order of preference. */
  reasoningSources: ReasoningSource[];
  /**
   * Reasoning controls are spelled as OpenRouter's unified `reasoning: { effort, max_tokens }`
   * object instead of `reasoning_effort`. Absent means false.
   */
  reasoningObject?: boolean;
}

/** Chain-of-thought length controls for one request. */
export interface ReasoningControls {
  effort?: ReasoningEffort;
  /** Cap on reasoning tokens, where the provider takes one. */
  budgetTokens?: number;
  /** Ask for no thinking at all (fast mode). */
  fastMode?: boolean;
}

/** The knobs actually sent with a request, so a UI can show what was applied and what was not. */
export interface AppliedKnobs {
  sent: Record<string, unknown>;
  /** Requested controls the profile could not express, with why. */
  notApplied: string[];
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface CompletionRequest {
  messages: ChatMessage[];
  /** How many choices this request should return. */
  n: number;
  temperature?: number;
  topP?: number;
  maxTokens?: number;
  reasoning: ReasoningControls;
  /** Per-request timeout; the client aborts the HTTP request after it. */
  timeoutMs?: number;
}

export interface TokenUsage {
  prompt: number;
  completion: number;
  reasoning: number;
  /** True when counted locally with tiktoken because the server sent no `usage`. */
  estimated: boolean;
  /**
   * What the server billed for this choice in US dollars, when it says (OpenRouter's
   * `usage.cost`); the cost budget uses it instead of the price settings.
   */
  costUsd?: number;
}

/** One choice returned by the model. */
export interface CompletionChoice {
  index: number;
  content: string;
  reasoning: string;
  finishReason: string;
  usage: TokenUsage;
  latencyMs: number;
  applied: AppliedKnobs;
}

/** A streamed fragment of choice `index`. */
export interface CompletionDelta {
  index: number;
  content?: string;
  reasoning?: string;
  /**
   * The stream of this choice broke and the request is being retried: discard what was
   * streamed for `index` so far; fragments of the new attempt follow.
   */
  reset?: boolean;
}

/** Typed failure of a model call; `kind` decides retries and the message shown to the user. */
export class ModelError extends Error {
  constructor(
    message: string,
    readonly kind: 'auth' | 'not-found' | 'rate-limit' | 'server' | 'timeout' | 'network' | 'cancelled' | 'bad-response' | 'bad-request',
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ModelError';
  }
}

/** The engine's port to an OpenAI-compatible server. */
export interface ModelClient {
  readonly profile: ProviderProfile;
  readonly model: string;
  /**
   * Sends one chat completion request and resolves with its `request.n` choices.
   * Retries 429/5xx with backoff (honouring `Retry-After`), aborts on `signal`,
   * and reports streamed fragments through `onDelta`. Rejects with {@link ModelError}.
   */
  complete(
    request: CompletionRequest,
    signal: AbortSignal,
    onDelta?: (delta: CompletionDelta) => void,
  ): Promise<CompletionChoice[]>;
}
