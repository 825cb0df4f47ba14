// LLM analysis against an OpenAI-compatible stand-in on loopback: what is sent, what is accepted, what is refused,
// what is logged (never the key), and the daily limits.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { analyze, type AnalyzeOptions } from '../../../src-main/llm/analyze.js';
import { contextFromBars, type AnalysisContext, type BarSeries } from '../../../src-main/llm/context.js';
import { LlmError, type LlmFailure } from '../../../src-main/llm/errors.js';
import { UsageLog, usageLogPath, utcDay, type UsageEntry } from '../../../src-main/llm/usage-log.js';
import { completion, startLlmStandIn, validAnswer, type LlmStandIn } from '../../support/llm-server.js';

const KEY = 'sk-or-v1-standin-0123456789abcdef0123456789abcdef';

function bars(symbol: string, n: number): BarSeries {
  const t = new Float64Array(n);
  const o = new Float64Array(n);
  const h = new Float64Array(n);
  const l = new Float64Array(n);
  const c = new Float64Array(n);
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    t[i] = Date.UTC(2024, 0, 2) + i * 86_400_000;
    c[i] = 100 + 10 * Math.sin(i / 9) + i * 0.1;
    o[i] = c[i]! - 0.5;
    h[i] = c[i]! + 1;
    l[i] = c[i]! - 1;
    v[i] = 1_000_000 + i;
  }
  return { symbol, t, o, h, l, c, v };
}

let server: LlmStandIn;
let dir: string;
let context: AnalysisContext;

beforeAll(async () => {
  server = await startLlmStandIn(KEY);
  context = contextFromBars(bars('NVDA', 120), { position: { qty: '25', avgEntryPrice: '98.5' }, risk: { equity: 100_000 }, news: [{ at: Date.UTC(2024, 3, 1), headline: 'NVDA beats estimates' }] });
});
afterAll(() => server.close());
afterEach(() => {
  server.requests.length = 0;
  server.respond((r) => ({ body: completion(JSON.stringify(validAnswer(r)), { cost: 0.0021 }) }));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function options(extra: Partial<AnalyzeOptions> = {}): AnalyzeOptions {
  dir = mkdtempSync(join(tmpdir(), 'llm-'));
  return { apiKey: KEY, usageLogFile: usageLogPath(dir), baseUrl: server.baseUrl, model: 'standin/analyst-1', timeoutMs: 5_000, ...extra };
}

/** Today's (UTC) entries of the usage log named `file` (one file a day). */
function logEntries(file: string): UsageEntry[] {
  return readFileSync(new UsageLog(file).fileOf(utcDay(Date.now())), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as UsageEntry);
}

async function failure(work: Promise<unknown>): Promise<LlmError> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LlmError);
  return error as LlmError;
}

describe('LLM analysis against the loopback stand-in', () => {
  it('sends the model, the numbers, a strict JSON schema and the key as the bearer token only; returns the validated answer', async () => {
    const opts = options();
    const result = await analyze(context, opts);
    expect(server.requests).toHaveLength(1);
    const req = server.requests[0]!;
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/api/v1/chat/completions');
    expect(req.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(req.headers['content-type']).toBe('application/json');
    const body = req.body as { model: string; messages: Array<{ role: string; content: string }>; response_format: { type: string; json_schema: { name: string; strict: boolean; schema: { required: string[]; additionalProperties: boolean; properties: Record<string, unknown> } } } };
    expect(body.model).toBe('standin/analyst-1');
    expect(body.messages.map((m) => m.role)).toEqual(['system', 'user']);
    // The key travels in the header and nowhere else.
    expect(JSON.stringify(body)).not.toContain(KEY);
    const sent = JSON.parse(body.messages[1]!.content.split('\n').slice(1).join('\n')) as AnalysisContext;
    expect(sent.symbol).toBe('NVDA');
    expect(sent.lastClose).toBe(context.lastClose);
    expect(sent.recentBars).toHaveLength(30);
    expect(sent.indicators.rsi14).toBeTypeOf('number');
    expect(sent.position).toEqual({ qty: '25', avgEntryPrice: '98.5' });
    expect(sent.news[0]!.headline).toBe('NVDA beats estimates');
    expect(body.response_format.type).toBe('json_schema');
    expect(body.response_format.json_schema.strict).toBe(true);
    expect(body.response_format.json_schema.schema.required.sort()).toEqual(['analysis', 'confidence', 'outlook', 'proposals']);
    expect(body.response_format.json_schema.schema.additionalProperties).toBe(false);

    expect(result.symbol).toBe('NVDA');
    expect(result.model).toBe('standin/analyst-1');
    expect(result.answer.outlook).toBe('bullish');
    expect(result.answer.confidence).toBe(0.62);
    expect(result.answer.proposals).toEqual([
      { symbol: 'NVDA', side: 'buy', qty: 10, notional: null, type: 'limit', limitPrice: Number((context.lastClose * 0.99).toFixed(2)), reason: 'buy a 1% pullback' },
    ]);
    expect(result.usage).toEqual({ promptTokens: 1200, completionTokens: 300, costUsd: 0.0021, costSource: 'endpoint' });

    const log = logEntries(opts.usageLogFile);
    expect(log.map((e) => e.kind)).toEqual(['request', 'outcome']);
    expect(log[0]!.id).toBe(result.id);
    expect(log[1]).toMatchObject({ id: result.id, ok: true, failure: null, costUsd: 0.0021, promptTokens: 1200 });
    expect(readFileSync(new UsageLog(opts.usageLogFile).fileOf(utcDay(Date.now())), 'utf8')).not.toContain(KEY);
  });

  it('prices the tokens when the endpoint reports no cost', async () => {
    server.respond((r) => ({ body: completion(JSON.stringify(validAnswer(r)), { prompt: 2000, completion: 500 }) }));
    const result = await analyze(context, options({ prices: { promptUsdPerMillion: 3, completionUsdPerMillion: 15 } }));
    expect(result.usage.costSource).toBe('prices');
    expect(result.usage.costUsd).toBeCloseTo((2000 * 3 + 500 * 15) / 1e6, 12);
  });

  const malformed: Array<[string, (r: Parameters<typeof validAnswer>[0]) => unknown, RegExp]> = [
    ['text that is not JSON', () => 'I think NVDA will go up.', /not JSON/],
    ['an answer without its outlook', (r) => ({ ...validAnswer(r), outlook: undefined }), /outlook/],
    ['a confidence above 1', (r) => ({ ...validAnswer(r), confidence: 1.5 }), /confidence/],
    ['an extra field', (r) => ({ ...validAnswer(r), orders: [] }), /schema/],
    ['a limit order without a price', (r) => ({ ...validAnswer(r), proposals: [{ symbol: 'NVDA', side: 'buy', qty: 5, notional: null, type: 'limit', limitPrice: null, reason: 'x' }] }), /limit price/],
    ['both qty and notional', (r) => ({ ...validAnswer(r), proposals: [{ symbol: 'NVDA', side: 'buy', qty: 5, notional: 500, type: 'market', limitPrice: null, reason: 'x' }] }), /exactly one of qty and notional/],
    ['a negative qty', (r) => ({ ...validAnswer(r), proposals: [{ symbol: 'NVDA', side: 'sell', qty: -5, notional: null, type: 'market', limitPrice: null, reason: 'x' }] }), /qty must be above 0/],
    ['a proposal for a symbol it was not given', (r) => ({ ...validAnswer(r), proposals: [{ symbol: 'TSLA', side: 'buy', qty: 1, notional: null, type: 'market', limitPrice: null, reason: 'x' }] }), /TSLA/],
  ];
  for (const [what, make, says] of malformed) {
    it(`refuses ${what} with LLM_BAD_ANSWER and logs the refusal with its cost`, async () => {
      server.respond((r) => {
        const answer = make(r);
        return { body: completion(typeof answer === 'string' ? answer : JSON.stringify(answer), { cost: 0.001 }) };
      });
      const opts = options();
      const error = await failure(analyze(context, opts));
      expect(error.failure).toBe<LlmFailure>('LLM_BAD_ANSWER');
      expect(error.code).toBe('INTERNAL');
      expect(error.message).toMatch(says);
      const outcome = logEntries(opts.usageLogFile)[1]!;
      expect(outcome).toMatchObject({ kind: 'outcome', ok: false, failure: 'LLM_BAD_ANSWER', costUsd: 0.001 });
    });
  }

  it('refuses an answer cut off at the token limit, and a reply that is not a chat completion', async () => {
    server.respond((r) => ({ body: completion(JSON.stringify(validAnswer(r)).slice(0, 40), {}, 'length') }));
    expect((await failure(analyze(context, options()))).message).toMatch(/cut off/);
    server.respond(() => ({ raw: '<html>gateway</html>' }));
    expect((await failure(analyze(context, options()))).failure).toBe('LLM_BAD_ANSWER');
  });

  it('gives up on a model that does not answer within the timeout (LLM_TIMEOUT)', async () => {
    server.respond(() => ({ hang: true }));
    const opts = options({ timeoutMs: 300 });
    const error = await failure(analyze(context, opts));
    expect(error.failure).toBe('LLM_TIMEOUT');
    expect(error.code).toBe('TIMEOUT');
    expect(logEntries(opts.usageLogFile)[1]).toMatchObject({ ok: false, failure: 'LLM_TIMEOUT', costUsd: 0 });
  });

  it('stops waiting when the caller cancels (LLM_CANCELLED), and the request still counts against the day', async () => {
    server.respond(() => ({ hang: true }));
    const controller = new AbortController();
    const opts = options({ signal: controller.signal, timeoutMs: 30_000 });
    const pending = analyze(context, opts);
    while (server.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    const error = await failure(pending);
    expect(error.failure).toBe('LLM_CANCELLED');
    expect(error.code).toBe('CANCELLED');
    expect(new UsageLog(opts.usageLogFile).day(Date.now()).requests).toBe(1);
  });

  it('maps a refused key to LLM_AUTH and keeps the key out of the message and the log even when the server echoes it', async () => {
    const wrong = 'sk-or-v1-wrong-fedcba9876543210fedcba9876543210';
    const opts = options({ apiKey: wrong });
    const error = await failure(analyze(context, opts));
    expect(error.failure).toBe('LLM_AUTH');
    expect(error.code).toBe('UNAUTHENTICATED');
    expect(error.message).not.toContain(wrong);
    const text = readFileSync(new UsageLog(opts.usageLogFile).fileOf(utcDay(Date.now())), 'utf8');
    expect(text).toContain('[redacted]');
    expect(text).not.toContain(wrong);
  });

  it('maps other statuses to LLM_HTTP, a closed port to LLM_UNREACHABLE, and no key to LLM_NO_KEY without sending', async () => {
    server.respond(() => ({ status: 429, body: { error: { message: 'rate limited' } } }));
    const http = await failure(analyze(context, options()));
    expect(http.failure).toBe('LLM_HTTP');
    expect(http.message).toMatch(/429.*rate limit/);
    const closed = await startLlmStandIn(KEY);
    const closedUrl = closed.baseUrl;
    await closed.close();
    expect((await failure(analyze(context, options({ baseUrl: closedUrl })))).failure).toBe('LLM_UNREACHABLE');
    server.requests.length = 0;
    const opts = options({ apiKey: '' });
    expect((await failure(analyze(context, opts))).failure).toBe('LLM_NO_KEY');
    expect(server.requests).toHaveLength(0);
    expect(existsSync(new UsageLog(opts.usageLogFile).fileOf(utcDay(Date.now())))).toBe(false);
  });

  it('stops at the daily request limit, counts the log across runs, and starts again the next UTC day', async () => {
    let now = Date.UTC(2026, 4, 5, 23, 0);
    const opts = options({ limits: { maxRequestsPerDay: 2 }, now: () => now });
    await analyze(context, opts);
    await analyze(context, opts);
    const error = await failure(analyze(context, opts));
    expect(error.failure).toBe('LLM_LIMIT');
    expect(error.code).toBe('FORBIDDEN');
    expect(server.requests).toHaveLength(2);
    expect(new UsageLog(opts.usageLogFile).day(now)).toEqual({ requests: 2, costUsd: expect.closeTo(0.0042, 12) });
    now += 2 * 3_600_000; // past midnight UTC
    await analyze(context, opts);
    expect(server.requests).toHaveLength(3);
    // one file a UTC day: counting a day reads that day's lines only
    const log = new UsageLog(opts.usageLogFile);
    expect(readFileSync(log.fileOf('2026-05-05'), 'utf8').trim().split('\n')).toHaveLength(4);
    expect(readFileSync(log.fileOf('2026-05-06'), 'utf8').trim().split('\n')).toHaveLength(2);
  });

  it('stops at the daily cost limit; a failed request still counts what it cost', async () => {
    server.respond(() => ({ body: completion('not json', { cost: 0.6 }) }));
    const opts = options({ limits: { maxCostUsdPerDay: 1 } });
    expect((await failure(analyze(context, opts))).failure).toBe('LLM_BAD_ANSWER');
    server.respond((r) => ({ body: completion(JSON.stringify(validAnswer(r)), { cost: 0.6 }) }));
    await analyze(context, opts);
    const error = await failure(analyze(context, opts));
    expect(error.failure).toBe('LLM_LIMIT');
    expect(error.message).toMatch(/\$1\.00/);
    expect(server.requests).toHaveLength(2);
  });
});
