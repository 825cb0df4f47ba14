import { useState, type FormEvent } from 'react';
import type { SecretsStatus } from '../../../src-shared/ipc/secrets-schemas.js';
import { useClient } from '../../app/client-context.js';
import { CredentialBadge } from './credential-badge.js';

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** The API key of the language-model assistant: enter or delete; like every secret it never comes back. */
export function LlmKeyForm({ status, onStatus }: { status: SecretsStatus | null; onStatus: (s: SecretsStatus) => void }) {
  const client = useClient();
  const credential = status?.credentials.find((c) => c.id === 'llm');
  const [apiKey, setApiKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (work: () => Promise<SecretsStatus>): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      onStatus(await work());
      setApiKey('');
    } catch (reason) {
      setError(messageOf(reason));
    } finally {
      setBusy(false);
    }
  };
  const save = (event: FormEvent): void => {
    event.preventDefault();
    void run(() => client.invoke('secrets.saveLlmKey', { apiKey }));
  };

  return (
    <section className="settings-card" data-testid="settings-llm">
      <header className="settings-card-header">
        <h3>Language model API key</h3>
        <CredentialBadge credential={credential} testId="settings-llm-status" />
      </header>
      <form className="settings-form" onSubmit={save} autoComplete="off">
        <label>
          API key
          <input data-testid="settings-llm-key" type="password" value={apiKey} onChange={(e) => setApiKey(e.target.value)} spellCheck={false} autoComplete="new-password" />
        </label>
        <div className="settings-actions">
          <button className="button" type="submit" data-testid="settings-llm-save" disabled={busy || !apiKey}>
            Save
          </button>
          <button className="button" type="button" data-testid="settings-llm-delete" disabled={busy || !credential?.set} onClick={() => void run(() => client.invoke('secrets.delete', { id: 'llm' }))}>
            Delete
          </button>
        </div>
      </form>
      {error ? <div className="inline-error">{error}</div> : null}
    </section>
  );
}
