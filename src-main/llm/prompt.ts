import { z } from 'zod';
import { llmAnswer, LLM_MAX_PROPOSALS } from '../../src-shared/ipc/llm-schemas.js';
import type { AnalysisContext } from './context.js';

export interface ChatMessage {
  role: 'system' | 'user';
  content: string;
}

/** The `response_format` of an OpenAI-compatible chat completion that asks for the answer schema, strictly. */
export interface JsonSchemaFormat {
  type: 'json_schema';
  json_schema: { name: string; strict: true; schema: Record<string, unknown> };
}

export const ANSWER_SCHEMA_NAME = 'market_analysis';

/** The answer schema as JSON Schema (draft 7, what OpenAI-style endpoints read), without the `$schema` line. */
export function answerJsonSchema(): Record<string, unknown> {
  const { $schema: _drop, ...schema } = z.toJSONSchema(llmAnswer, { target: 'draft-7' }) as Record<string, unknown>;
  return schema;
}

export function responseFormat(): JsonSchemaFormat {
  return { type: 'json_schema', json_schema: { name: ANSWER_SCHEMA_NAME, strict: true, schema: answerJsonSchema() } };
}

// The instructions say what the numbers are and that a proposal only reaches a person, so the model neither
// invents data nor writes as if it could trade.
const SYSTEM = [
  'You are a market analyst inside a trading workstation. You receive the numbers the workstation holds for one',
  'symbol: recent bars, indicators at the last bar, the current position, risk figures and news headlines.',
  'Use only these numbers; say so when they are not enough for a view.',
  'Answer with JSON that fits the given schema: an analysis (plain text), an outlook (bullish, bearish or neutral),',
  `your confidence in the outlook from 0 to 1, and at most ${LLM_MAX_PROPOSALS} order proposals.`,
  'Proposals are suggestions a trader reviews in an order ticket; they are never sent on their own.',
  'Propose orders only for the symbol given, sized by qty (shares) or notional (dollars), never both;',
  'a limit order needs a limitPrice, a market order has limitPrice null. Propose nothing when there is no edge.',
].join(' ');

export function analysisMessages(context: AnalysisContext): ChatMessage[] {
  return [
    { role: 'system', content: SYSTEM },
    { role: 'user', content: `Data for ${context.symbol} as of ${new Date(context.asOf).toISOString()}:\n${JSON.stringify(context)}` },
  ];
}
