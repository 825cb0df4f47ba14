import { z } from 'zod';

/** The analysis's defaults when a field is left empty (the same as src-main/llm's own defaults). */
export const LLM_SETTING_DEFAULTS = { baseUrl: 'https://openrouter.ai/api/v1', model: 'openai/gpt-4o-mini', maxRequestsPerDay: 50, maxCostUsdPerDay: 1 } as const;

const ENDPOINT_WORDS = 'the endpoint must be an http(s) URL with no user or password in it (e.g. https://openrouter.ai/api/v1); the key goes in the key form';
// Shared code has no URL global (its lib is plain ES2022): zod's URL check, and the authority read by pattern.
const endpoint = z
  .string()
  .trim()
  .max(500)
  .pipe(z.url({ protocol: /^https?$/, error: ENDPOINT_WORDS }))
  .refine((text) => !/^[a-z]+:\/\/[^/?#]*@/i.test(text), ENDPOINT_WORDS);

/**
 * The LLM analysis's endpoint, model and daily limits as the Settings tab sets them (setting `llm.config`). Each
 * field left null falls back to the workstation's options, then the environment, then the defaults above. The API key
 * is never here: it stays in the keychain.
 */
export const llmConfigSchema = z.strictObject({
  /** An OpenAI-compatible API root; `/chat/completions` is appended. */
  baseUrl: endpoint.nullable(),
  model: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .regex(/^[\w.:/@+-]+$/, 'a model name is letters, digits and . : / @ + - _ (e.g. openai/gpt-4o-mini)')
    .nullable(),
  maxRequestsPerDay: z.number().int().min(0).max(100_000).nullable(),
  maxCostUsdPerDay: z.number().min(0).max(10_000).nullable(),
});
export type LlmConfig = z.infer<typeof llmConfigSchema>;
