import { describe, expect, it } from 'vitest';
import { resolveLlmSettings } from '../../../src-main/services/llm-settings.js';
import { llmConfigSchema } from '../../../src-shared/ipc/llm-settings.js';

const NONE = { baseUrl: null, model: null, maxRequestsPerDay: null, maxCostUsdPerDay: null };

describe('the LLM settings: Settings, then options, then environment', () => {
  const env = { WORKSTATION_LLM_URL: 'http://env.local/v1', WORKSTATION_LLM_MODEL: 'env/model' };

  it('takes each field the Settings tab set over the options and the environment', () => {
    const stored = { ...NONE, baseUrl: 'http://127.0.0.1:9/v1', maxRequestsPerDay: 3 };
    const merged = resolveLlmSettings(stored, { model: 'options/model', timeoutMs: 5000, limits: { maxCostUsdPerDay: 2 } }, env);
    expect(merged).toEqual({ baseUrl: 'http://127.0.0.1:9/v1', model: 'options/model', timeoutMs: 5000, limits: { maxCostUsdPerDay: 2, maxRequestsPerDay: 3 } });
  });

  it('falls back to the options, then the environment, where Settings left a field empty', () => {
    expect(resolveLlmSettings(null, undefined, env)).toEqual({ baseUrl: 'http://env.local/v1', model: 'env/model' });
    expect(resolveLlmSettings(NONE, { baseUrl: 'http://opt/v1' }, env)).toEqual({ baseUrl: 'http://opt/v1', model: 'env/model' });
  });

  it('refuses an endpoint that is not http(s) or carries credentials, a bad model name and negative limits', () => {
    expect(llmConfigSchema.safeParse({ ...NONE, baseUrl: 'https://openrouter.ai/api/v1' }).success).toBe(true);
    expect(llmConfigSchema.safeParse({ ...NONE, baseUrl: 'ftp://host/v1' }).success).toBe(false);
    expect(llmConfigSchema.safeParse({ ...NONE, baseUrl: 'https://user:sk-secret@host/v1' }).success).toBe(false);
    expect(llmConfigSchema.safeParse({ ...NONE, model: 'a model; rm' }).success).toBe(false);
    expect(llmConfigSchema.safeParse({ ...NONE, maxRequestsPerDay: -1 }).success).toBe(false);
    expect(llmConfigSchema.safeParse({ ...NONE, maxRequestsPerDay: 1.5 }).success).toBe(false);
    expect(llmConfigSchema.safeParse({ ...NONE, maxCostUsdPerDay: 0.25 }).success).toBe(true);
    expect(llmConfigSchema.safeParse({ ...NONE, apiKey: 'sk' }).success).toBe(false);
  });
});
