import { z } from 'zod';
import { LlmError } from './errors.js';
import type { ChatMessage, JsonSchemaFormat } from './prompt.js';
import { LLM_SETTING_DEFAULTS } from '../../src-shared/ipc/llm-settings.js';

// One source for the defaults the Settings tab shows and the ones the analysis uses.
export const DEFAULT_LLM_URL: string = LLM_SETTING_DEFAULTS.baseUrl;
export const DEFAULT_LLM_MODEL: string = LLM_SETTING_DEFAULTS.model;
export const DEFAULT_TIMEOUT_MS = 60_000;

/** The body of one chat-completions request: exactly what is sent, and (with the key nowhere in it) logged. */
export interface ChatBody {
  model: string;
  messages: ChatMessage[];
  response_format: JsonSchemaFormat;
  temperature: number;
  max_tokens: number;
}

export interface ChatCall {
  /** The API root, e.g. https://openrouter.ai/api/v1; `/chat/completions` is appended. */
  baseUrl: string;
  apiKey: string;
  body: ChatBody;
  timeoutMs: number;
  /** The caller's cancel (the GUI's); LLM_CANCELLED when it fires. */
  signal?: AbortSignal;
  fetch?: typeof fetch;
}

/** What the endpoint said about tokens and cost (OpenRouter adds `cost`, in US dollars). */
export interface RawUsage {
  promptTokens: number | null;
  completionTokens: number | null;
  cost: number | null;
}

export interface ChatReply {
  /** The model's text: the JSON answer when all went well. */
  content: string;
  usage: RawUsage;
  /** The model that answered, where the endpoint names it (a router may pick another than asked). */
  model: string | null;
}

const count = z.number().int().nonnegative().nullish();
const completion = z.object({
  model: z.string().nullish(),
  choices: z
    .array(
      z.object({
        finish_reason: z.string().nullish(),
        message: z.object({ content: z.string().nullish(), refusal: z.string().nullish() }),
      }),
    )
    .min(1),
  usage: z.object({ prompt_tokens: count, completion_tokens: count, cost: z.number().nonnegative().nullish() }).nullish(),
});

export function completionsUrl(baseUrl: string): URL {
  let url: URL;
  try {
    url = new URL(baseUrl.replace(/\/+$/, '') + '/chat/completions');
  } catch {
    throw new LlmError('LLM_BAD_INPUT', `the LLM URL "${baseUrl}" is not a URL (e.g. ${DEFAULT_LLM_URL})`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new LlmError('LLM_BAD_INPUT', `the LLM URL must be http or https, got ${url.protocol}`);
  if (url.username || url.password) throw new LlmError('LLM_BAD_INPUT', 'the LLM URL must not carry credentials; the key goes in the keychain or OPENROUTER_API_KEY');
  return url;
}

/** Removes the key from a text that came back from the endpoint (an error page may echo the request). */
export function withoutKey(text: string, apiKey: string): string {
  return apiKey.length > 0 ? text.split(apiKey).join('[redacted]') : text;
}

function usageOf(parsed: z.infer<typeof completion>): RawUsage {
  return { promptTokens: parsed.usage?.prompt_tokens ?? null, completionTokens: parsed.usage?.completion_tokens ?? null, cost: parsed.usage?.cost ?? null };
}

/** A bad answer that still cost tokens: the usage travels with the error so the daily cost counts it. */
export class LlmAnswerError extends LlmError {
  constructor(
    message: string,
    readonly usage: RawUsage,
    readonly content: string | null,
  ) {
    super('LLM_BAD_ANSWER', message);
  }
}

/**
 * One chat completion over Node's fetch. The key goes only in the Authorization header as a bearer token. The
 * timeout covers the whole exchange, body included: a model that streams nothing for `timeoutMs` is abandoned.
 */
export async function chatCompletion(call: ChatCall): Promise<ChatReply> {
  const url = completionsUrl(call.baseUrl);
  const doFetch = call.fetch ?? fetch;
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, call.timeoutMs);
  const cancel = (): void => controller.abort();
  if (call.signal?.aborted) controller.abort();
  call.signal?.addEventListener('abort', cancel, { once: true });
  let status: number;
  let text: string;
  try {
    const response = await doFetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${call.apiKey}` },
      body: JSON.stringify(call.body),
      signal: controller.signal,
      redirect: 'error',
    });
    status = response.status;
    text = await response.text();
  } catch (error) {
    if (controller.signal.aborted && !timedOut) throw new LlmError('LLM_CANCELLED', 'the analysis was cancelled before the model answered');
    if (timedOut) {
      throw new LlmError('LLM_TIMEOUT', `${url.host} gave no answer within ${(call.timeoutMs / 1000).toFixed(1)} s; try again, a faster model, or a longer timeout`);
    }
    const cause = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
    throw new LlmError('LLM_UNREACHABLE', `cannot reach ${url.host}: ${withoutKey(cause, call.apiKey)}`);
  } finally {
    clearTimeout(timer);
    call.signal?.removeEventListener('abort', cancel);
  }
  const excerpt = withoutKey(text.slice(0, 300), call.apiKey).replace(/\s+/g, ' ').trim();
  if (status === 401 || status === 403) {
    throw new LlmError('LLM_AUTH', `${url.host} refused the API key (HTTP ${status}: ${excerpt}); check the key in Settings or OPENROUTER_API_KEY`);
  }
  if (status < 200 || status >= 300) {
    const hint = status === 429 ? '; the endpoint is rate limiting, try again later' : status === 404 ? '; check the URL and the model name' : '';
    throw new LlmError('LLM_HTTP', `${url.host} answered HTTP ${status}: ${excerpt}${hint}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new LlmAnswerError(`${url.host} answered something that is not a chat completion (not JSON): ${excerpt}`, { promptTokens: null, completionTokens: null, cost: null }, null);
  }
  const parsed = completion.safeParse(json);
  if (!parsed.success) {
    throw new LlmAnswerError(`${url.host} answered something that is not a chat completion: ${parsed.error.issues[0]?.message ?? 'bad shape'}`, { promptTokens: null, completionTokens: null, cost: null }, null);
  }
  const usage = usageOf(parsed.data);
  const choice = parsed.data.choices[0]!;
  if (choice.message.refusal) throw new LlmAnswerError(`the model refused to answer: ${choice.message.refusal.slice(0, 300)}`, usage, null);
  const content = choice.message.content ?? '';
  if (choice.finish_reason === 'length') {
    throw new LlmAnswerError(`the answer was cut off at ${usage.completionTokens ?? 'the maximum'} tokens before it was complete; raise the token limit`, usage, content);
  }
  if (content.trim() === '') throw new LlmAnswerError('the model answered with no text', usage, content);
  return { content, usage, model: parsed.data.model ?? null };
}
