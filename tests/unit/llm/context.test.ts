import { describe, expect, it } from 'vitest';
import { llmAnswer } from '../../../src-shared/ipc/llm-schemas.js';
import { parseAnswer } from '../../../src-main/llm/analyze.js';
import { contextFromBars, RECENT_BARS, type BarSeries } from '../../../src-main/llm/context.js';
import { LlmError } from '../../../src-main/llm/errors.js';
import { answerJsonSchema, responseFormat } from '../../../src-main/llm/prompt.js';

function series(closes: number[]): BarSeries {
  const c = Float64Array.from(closes);
  return {
    symbol: 'ABC',
    t: Float64Array.from(closes, (_, i) => Date.UTC(2024, 0, 1) + i * 86_400_000),
    o: c,
    h: Float64Array.from(closes, (x) => x + 1),
    l: Float64Array.from(closes, (x) => x - 1),
    c,
    v: Float64Array.from(closes, () => 1000),
  };
}

describe('the analysis context', () => {
  it('carries the last bars and the indicators at the last bar', () => {
    const closes = Array.from({ length: 60 }, (_, i) => 50 + i);
    const ctx = contextFromBars(series(closes));
    expect(ctx.recentBars).toHaveLength(RECENT_BARS);
    expect(ctx.recentBars.at(-1)!.c).toBe(109);
    expect(ctx.lastClose).toBe(109);
    // A straight line up: SMA 20 of 90..109 is 99.5, every change a gain so RSI is 100.
    expect(ctx.indicators.sma20).toBe(99.5);
    expect(ctx.indicators.rsi14).toBe(100);
    expect(ctx.indicators.return5Bars).toBeCloseTo(109 / 104 - 1, 5);
    // Not enough bars for the 200-bar average: null, not a made-up number.
    expect(ctx.indicators.sma200).toBeNull();
  });

  it('refuses fewer than two bars with LLM_BAD_INPUT', () => {
    expect(() => contextFromBars(series([10]))).toThrow(LlmError);
  });
});

describe('the answer schema', () => {
  it('is strict JSON Schema: every field required, no extra fields, at every level', () => {
    const schema = answerJsonSchema() as { required: string[]; additionalProperties: boolean; properties: { proposals: { items: { required: string[]; additionalProperties: boolean } } } };
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required.sort()).toEqual(['analysis', 'confidence', 'outlook', 'proposals']);
    expect(schema.properties.proposals.items.additionalProperties).toBe(false);
    expect(schema.properties.proposals.items.required.sort()).toEqual(['limitPrice', 'notional', 'qty', 'reason', 'side', 'symbol', 'type']);
    expect(responseFormat().json_schema.strict).toBe(true);
    expect(JSON.stringify(responseFormat())).not.toContain('$schema');
  });

  it('accepts a notional market proposal and upper-cases its symbol to the one analysed', () => {
    const answer = parseAnswer(
      JSON.stringify({ analysis: 'flat', outlook: 'neutral', confidence: 0, proposals: [{ symbol: 'abc', side: 'sell', qty: null, notional: 250, type: 'market', limitPrice: null, reason: 'trim' }] }),
      'ABC',
    );
    expect(answer.proposals[0]).toMatchObject({ symbol: 'ABC', notional: 250, qty: null });
    expect(llmAnswer.safeParse({ ...answer, proposals: [] }).success).toBe(true);
  });

  it('refuses a market order with a limit price and a proposal with neither qty nor notional', () => {
    const make = (p: Record<string, unknown>) => JSON.stringify({ analysis: 'x', outlook: 'bullish', confidence: 0.5, proposals: [{ symbol: 'ABC', side: 'buy', qty: 1, notional: null, type: 'market', limitPrice: null, reason: 'r', ...p }] });
    expect(() => parseAnswer(make({ limitPrice: 10 }), 'ABC')).toThrow(/market order has no limit price/);
    expect(() => parseAnswer(make({ qty: null }), 'ABC')).toThrow(/exactly one of qty and notional/);
  });
});
