import type { LlmConfig } from '../../src-shared/ipc/llm-settings.js';
import type { LlmSettings } from './llm-handlers.js';

/**
 * Where `llm.analyze` sends and what it may spend, field by field: the Settings tab's stored `llm.config` (the
 * trader's explicit choice) first, then the workstation's options, then the headless host's environment
 * (WORKSTATION_LLM_URL, WORKSTATION_LLM_MODEL), then src-main/llm's defaults. Read on every request, so a change
 * in Settings applies to the next analysis without a restart.
 */
export function resolveLlmSettings(stored: LlmConfig | null, options: LlmSettings | undefined, env: Readonly<Record<string, string | undefined>> | undefined): LlmSettings {
  const merged: LlmSettings = {
    ...(env?.WORKSTATION_LLM_URL ? { baseUrl: env.WORKSTATION_LLM_URL } : {}),
    ...(env?.WORKSTATION_LLM_MODEL ? { model: env.WORKSTATION_LLM_MODEL } : {}),
    ...options,
  };
  if (!stored) return merged;
  if (stored.baseUrl !== null) merged.baseUrl = stored.baseUrl;
  if (stored.model !== null) merged.model = stored.model;
  const limits = { ...merged.limits };
  if (stored.maxRequestsPerDay !== null) limits.maxRequestsPerDay = stored.maxRequestsPerDay;
  if (stored.maxCostUsdPerDay !== null) limits.maxCostUsdPerDay = stored.maxCostUsdPerDay;
  if (Object.keys(limits).length > 0) merged.limits = limits;
  return merged;
}
