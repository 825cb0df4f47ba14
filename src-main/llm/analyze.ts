import { randomUUID } from 'node:crypto';
import { llmAnswer, type LlmAnalysis, type LlmAnswer, type LlmUsage } from '../../src-shared/ipc/llm-schemas.js';
import { LLM_SETTING_DEFAULTS } from '../../src-shared/ipc/llm-settings.js';
import { chatCompletion, completionsUrl, DEFAULT_LLM_MODEL, DEFAULT_LLM_URL, DEFAULT_TIMEOUT_MS, LlmAnswerError, type ChatBody, type RawUsage } from './client.js';
import type { AnalysisContext } from './context.js';
import { LlmError } from './errors.js';
import { analysisMessages, responseFormat } from './prompt.js';
import { UsageLog, utcDay } from './usage-log.js';

export interface LlmLimits {
  /** Requests a UTC day may send (default 50). */
  maxRequestsPerDay: number;
  /** Dollars a UTC day may spend (default 1). */
  maxCostUsdPerDay: number;
}

/** US dollars per million tokens, for endpoints that report tokens but no cost. */
export interface LlmPrices {
  promptUsdPerMillion: number;
  completionUsdPerMillion: number;
}

export const DEFAULT_LIMITS: LlmLimits = { maxRequestsPerDay: LLM_SETTING_DEFAULTS.maxRequestsPerDay, maxCostUsdPerDay: LLM_SETTING_DEFAULTS.maxCostUsdPerDay };
export const DEFAULT_MAX_TOKENS = 1500;

export interface AnalyzeOptions {
  apiKey: string;
  /** JSON-lines usage log (usageLogPath(dataDir)). */
  usageLogFile: string;
  baseUrl?: string;
  model?: string;
  timeoutMs?: number;
  maxTokens?: number;
  limits?: Partial<LlmLimits>;
  prices?: LlmPrices;
  now?: () => number;
  /** Cancels the request (the GUI's cancel); the request still counts against the day. */
  signal?: AbortSignal;
  fetch?: typeof fetch;
}

function costOf(usage: RawUsage, prices: LlmPrices | undefined): Pick<LlmUsage, 'costUsd' | 'costSource'> {
  if (usage.cost !== null) return { costUsd: usage.cost, costSource: 'endpoint' };
  if (prices && (usage.promptTokens !== null || usage.completionTokens !== null)) {
    const costUsd = ((usage.promptTokens ?? 0) * prices.promptUsdPerMillion + (usage.completionTokens ?? 0) * prices.completionUsdPerMillion) / 1e6;
    return { costUsd, costSource: 'prices' };
  }
  return { costUsd: 0, costSource: 'none' };
}

/** The model's text as a validated answer, or LLM_BAD_ANSWER saying what was wrong with it. */
export function parseAnswer(content: string, symbol: string): LlmAnswer {
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch {
    throw new LlmError('LLM_BAD_ANSWER', `the model's answer is not JSON: ${content.slice(0, 120).replace(/\s+/g, ' ')}`);
  }
  const parsed = llmAnswer.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || 'answer'}: ${i.message}`);
    throw new LlmError('LLM_BAD_ANSWER', `the model's answer does not fit the schema (${issues.join('; ')})`);
  }
  // The model saw the numbers of one symbol only: a proposal for another has nothing behind it.
  const foreign = parsed.data.proposals.find((p) => p.symbol.toUpperCase() !== symbol.toUpperCase());
  if (foreign) throw new LlmError('LLM_BAD_ANSWER', `the model proposed an order for ${foreign.symbol}, but it was only given the numbers of ${symbol}`);
  return { ...parsed.data, proposals: parsed.data.proposals.map((p) => ({ ...p, symbol: symbol.toUpperCase() })) };
}

/**
 * Asks the model for an analysis of one symbol: checks today's limits, logs the request, sends it, logs the
 * answer or the failure with its cost, and returns the validated answer. It returns proposals and nothing else:
 * this module has no way to an order (the import rules forbid it).
 */
export async function analyze(context: AnalysisContext, options: AnalyzeOptions): Promise<LlmAnalysis> {
  const now = options.now ?? Date.now;
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const baseUrl = options.baseUrl ?? DEFAULT_LLM_URL;
  const url = completionsUrl(baseUrl);
  if (options.apiKey.trim() === '') throw new LlmError('LLM_NO_KEY', 'no LLM API key: save one in Settings or set OPENROUTER_API_KEY');
  const log = new UsageLog(options.usageLogFile, [options.apiKey]);
  const start = now();
  const today = log.day(start);
  if (today.requests >= limits.maxRequestsPerDay) {
    throw new LlmError('LLM_LIMIT', `today's limit of ${limits.maxRequestsPerDay} LLM requests is reached (UTC day ${utcDay(start)}); nothing was sent`);
  }
  if (today.costUsd >= limits.maxCostUsdPerDay) {
    throw new LlmError('LLM_LIMIT', `today's LLM cost limit of $${limits.maxCostUsdPerDay.toFixed(2)} is reached ($${today.costUsd.toFixed(4)} spent, UTC day ${utcDay(start)}); nothing was sent`);
  }
  const body: ChatBody = {
    model: options.model ?? DEFAULT_LLM_MODEL,
    messages: analysisMessages(context),
    response_format: responseFormat(),
    temperature: 0.2,
    max_tokens: options.maxTokens ?? DEFAULT_MAX_TOKENS,
  };
  const id = randomUUID();
  log.append({ kind: 'request', id, at: start, day: utcDay(start), url: url.href, symbol: context.symbol, body });
  const outcome = (ok: boolean, rest: { failure?: string; message?: string; model?: string | null; content?: string | null; usage?: RawUsage }): LlmUsage => {
    const raw = rest.usage ?? { promptTokens: null, completionTokens: null, cost: null };
    const cost = costOf(raw, options.prices);
    const at = now();
    log.append({
      kind: 'outcome',
      id,
      at,
      day: utcDay(start),
      ok,
      failure: rest.failure ?? null,
      message: rest.message ?? null,
      model: rest.model ?? null,
      content: rest.content ?? null,
      promptTokens: raw.promptTokens,
      completionTokens: raw.completionTokens,
      ...cost,
      durationMs: at - start,
    });
    return { promptTokens: raw.promptTokens, completionTokens: raw.completionTokens, ...cost };
  };
  let reply;
  try {
    reply = await chatCompletion({ baseUrl, apiKey: options.apiKey, body, timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS, ...(options.signal ? { signal: options.signal } : {}), ...(options.fetch ? { fetch: options.fetch } : {}) });
  } catch (error) {
    const failure = error instanceof LlmError ? error.failure : 'LLM_UNREACHABLE';
    const message = error instanceof Error ? error.message : String(error);
    outcome(false, { failure, message, ...(error instanceof LlmAnswerError ? { usage: error.usage, content: error.content } : {}) });
    throw error;
  }
  let answer: LlmAnswer;
  try {
    answer = parseAnswer(reply.content, context.symbol);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    outcome(false, { failure: 'LLM_BAD_ANSWER', message, model: reply.model, content: reply.content, usage: reply.usage });
    throw error;
  }
  const usage = outcome(true, { model: reply.model, content: reply.content, usage: reply.usage });
  return { id, symbol: context.symbol, model: reply.model ?? body.model, at: now(), answer, usage };
}
