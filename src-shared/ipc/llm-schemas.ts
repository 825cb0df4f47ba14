import { z } from 'zod';

/**
 * What a language model must answer for an analysis (main validates it; the AI tab shows it). Every field is
 * required and the optional ones are nullable, which is what OpenAI-style strict JSON schemas demand.
 * A proposal is only a suggestion: acting on it opens a prefilled ticket that the trader sends through risk.
 */
export const LLM_OUTLOOKS = ['bullish', 'bearish', 'neutral'] as const;
export const LLM_MAX_PROPOSALS = 5;

export const llmProposal = z
  .strictObject({
    symbol: z.string().min(1).max(16),
    side: z.enum(['buy', 'sell']),
    /** Shares; null when the proposal is sized by notional. */
    qty: z.number().nullable(),
    /** Dollars; null when the proposal is sized by qty. */
    notional: z.number().nullable(),
    type: z.enum(['market', 'limit']),
    /** Required for a limit order, null for a market order. */
    limitPrice: z.number().nullable(),
    reason: z.string().min(1).max(2000),
  })
  .superRefine((p, ctx) => {
    const sized = (p.qty !== null ? 1 : 0) + (p.notional !== null ? 1 : 0);
    if (sized !== 1) ctx.addIssue({ code: 'custom', message: 'exactly one of qty and notional must be set', path: ['qty'] });
    if (p.qty !== null && !(p.qty > 0)) ctx.addIssue({ code: 'custom', message: 'qty must be above 0', path: ['qty'] });
    if (p.notional !== null && !(p.notional > 0)) ctx.addIssue({ code: 'custom', message: 'notional must be above 0', path: ['notional'] });
    if (p.type === 'limit' && (p.limitPrice === null || !(p.limitPrice > 0))) ctx.addIssue({ code: 'custom', message: 'a limit order needs a limit price above 0', path: ['limitPrice'] });
    if (p.type === 'market' && p.limitPrice !== null) ctx.addIssue({ code: 'custom', message: 'a market order has no limit price', path: ['limitPrice'] });
  });
export type LlmProposal = z.infer<typeof llmProposal>;

export const llmAnswer = z.strictObject({
  analysis: z.string().min(1).max(8000),
  outlook: z.enum(LLM_OUTLOOKS),
  confidence: z.number().min(0).max(1),
  proposals: z.array(llmProposal).max(LLM_MAX_PROPOSALS),
});
export type LlmAnswer = z.infer<typeof llmAnswer>;

/** Tokens and cost of one answer, as far as the endpoint told them. */
export const llmUsage = z.strictObject({
  promptTokens: z.number().int().nonnegative().nullable(),
  completionTokens: z.number().int().nonnegative().nullable(),
  /** US dollars: the endpoint's own figure (OpenRouter's usage.cost), else tokens times the configured prices. */
  costUsd: z.number().nonnegative(),
  /** 'endpoint': reported by the endpoint; 'prices': computed from the configured prices; 'none': no figure. */
  costSource: z.enum(['endpoint', 'prices', 'none']),
});
export type LlmUsage = z.infer<typeof llmUsage>;

/** An analysis as main returns it: the validated answer and what it cost. */
export const llmAnalysis = z.strictObject({
  id: z.string(),
  symbol: z.string(),
  model: z.string(),
  /** When the answer arrived (epoch ms). */
  at: z.number(),
  answer: llmAnswer,
  usage: llmUsage,
});
export type LlmAnalysis = z.infer<typeof llmAnalysis>;

/** `llm.analyze`: one symbol (its daily bars, position and risk figures as main holds them); the model is optional. */
export const llmAnalyzeRequest = z.strictObject({
  symbol: z
    .string()
    .trim()
    .min(1)
    .max(16)
    .regex(/^[A-Za-z][A-Za-z0-9.]*$/, 'a symbol is letters, digits and dots')
    .transform((s) => s.toUpperCase()),
  /** A model name of the endpoint (e.g. openai/gpt-4o-mini); default: the workstation's. */
  model: z.string().trim().min(1).max(200).optional(),
});
