import { llmConfigSchema, type LlmConfig } from '../../../src-shared/ipc/llm-settings.js';

/** The form's text fields; an empty field means "the default". */
export interface LlmConfigDraft {
  baseUrl: string;
  model: string;
  maxRequestsPerDay: string;
  maxCostUsdPerDay: string;
}

/** The stored setting as text (anything that is not a valid setting reads as all defaults). */
export function draftOfConfig(value: unknown): LlmConfigDraft {
  const parsed = llmConfigSchema.nullable().safeParse(value);
  const config = parsed.success ? parsed.data : null;
  const text = (v: string | number | null | undefined): string => (v === null || v === undefined ? '' : String(v));
  return { baseUrl: text(config?.baseUrl), model: text(config?.model), maxRequestsPerDay: text(config?.maxRequestsPerDay), maxCostUsdPerDay: text(config?.maxCostUsdPerDay) };
}

/**
 * The draft as the setting to send, or the first field that is not a number. Ranges, the URL's form and the model
 * name are checked in main (settings.set validates with the shared schema), whose message the form shows.
 */
export function configOfDraft(draft: LlmConfigDraft): { ok: true; config: LlmConfig } | { ok: false; message: string } {
  const number = (text: string, label: string): number | null | string => {
    if (text.trim() === '') return null;
    const n = Number(text.trim().replace(/^\$/, ''));
    return Number.isFinite(n) ? n : `${label} must be a number (or empty for the default)`;
  };
  const requests = number(draft.maxRequestsPerDay, 'Requests per day');
  if (typeof requests === 'string') return { ok: false, message: requests };
  const cost = number(draft.maxCostUsdPerDay, 'Cost per day');
  if (typeof cost === 'string') return { ok: false, message: cost };
  return {
    ok: true,
    config: { baseUrl: draft.baseUrl.trim() || null, model: draft.model.trim() || null, maxRequestsPerDay: requests, maxCostUsdPerDay: cost },
  };
}
