import { useState, type FormEvent } from 'react';
import { LLM_SETTING_DEFAULTS } from '../../../src-shared/ipc/llm-settings.js';
import { useClient } from '../../app/client-context.js';
import { useLoadOnConnect } from '../../hooks/use-load-on-connect.js';
import { configOfDraft, draftOfConfig, type LlmConfigDraft } from './llm-config-model.js';

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

const FIELDS: ReadonlyArray<{ key: keyof LlmConfigDraft; label: string; placeholder: string; inputMode?: 'decimal' | 'numeric' }> = [
  { key: 'baseUrl', label: 'Endpoint (OpenAI-compatible API root)', placeholder: LLM_SETTING_DEFAULTS.baseUrl },
  { key: 'model', label: 'Model', placeholder: LLM_SETTING_DEFAULTS.model },
  { key: 'maxRequestsPerDay', label: 'Requests per UTC day', placeholder: String(LLM_SETTING_DEFAULTS.maxRequestsPerDay), inputMode: 'numeric' },
  { key: 'maxCostUsdPerDay', label: 'Cost per UTC day ($)', placeholder: LLM_SETTING_DEFAULTS.maxCostUsdPerDay.toFixed(2), inputMode: 'decimal' },
];

/**
 * Where the AI tab's analysis goes and what it may spend per day: saved in main (setting `llm.config`, checked
 * there) and used from the next analysis on. Empty fields take the default shown. The key is not here: it is in
 * the key form beside this and never comes back to the window.
 */
export function LlmConfigForm() {
  const client = useClient();
  const [draft, setDraft] = useState<LlmConfigDraft | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  useLoadOnConnect((c) => c.invoke('settings.get', { key: 'llm.config' }), (reply) => setDraft(draftOfConfig(reply.value)), setError);

  const store = async (value: ReturnType<typeof configOfDraft> | { ok: true; config: null }): Promise<void> => {
    setError(null);
    setSaved(false);
    if (!value.ok) return setError(value.message);
    setBusy(true);
    try {
      await client.invoke('settings.set', { key: 'llm.config', value: value.config });
      setDraft(draftOfConfig(value.config));
      setSaved(true);
    } catch (reason) {
      setError(messageOf(reason));
    } finally {
      setBusy(false);
    }
  };
  const save = (event: FormEvent): void => {
    event.preventDefault();
    if (draft) void store(configOfDraft(draft));
  };

  return (
    <section className="settings-card" data-testid="settings-llm-config">
      <header className="settings-card-header">
        <h3>Language model endpoint and limits</h3>
      </header>
      {draft ? (
        <form className="settings-form" onSubmit={save} autoComplete="off">
          {FIELDS.map((f) => (
            <label key={f.key}>
              {f.label}
              <input
                data-testid={`settings-llm-${f.key}`}
                value={draft[f.key]}
                placeholder={f.placeholder}
                spellCheck={false}
                {...(f.inputMode ? { inputMode: f.inputMode } : {})}
                onChange={(e) => {
                  setSaved(false);
                  setDraft({ ...draft, [f.key]: e.target.value });
                }}
              />
            </label>
          ))}
          <div className="settings-actions">
            <button className="button" type="submit" data-testid="settings-llm-config-save" disabled={busy}>
              Save
            </button>
            <button className="button" type="button" data-testid="settings-llm-config-reset" disabled={busy} onClick={() => void store({ ok: true, config: null })}>
              Defaults
            </button>
            {saved ? (
              <span className="muted" data-testid="settings-llm-config-saved">
                Saved: the next analysis uses it.
              </span>
            ) : null}
          </div>
        </form>
      ) : (
        <p className="muted">{error ?? 'Loading…'}</p>
      )}
      {draft && error ? (
        <div className="inline-error" data-testid="settings-llm-config-error">
          {error}
        </div>
      ) : null}
    </section>
  );
}
