import { useState, type FormEvent } from 'react';
import type { AlpacaKeyModeName, SecretsStatus, TestAlpacaKeysResponse } from '../../../src-shared/ipc/secrets-schemas.js';
import { useClient } from '../../app/client-context.js';
import { CredentialBadge } from './credential-badge.js';

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Enter, test and delete one Alpaca environment's keys. The typed secret lives only in this form's state until
 * it is sent (once) to main; the form clears it right after, and nothing main sends back contains it.
 */
export function AlpacaKeysForm({ mode, status, onStatus }: { mode: AlpacaKeyModeName; status: SecretsStatus | null; onStatus: (s: SecretsStatus) => void }) {
  const client = useClient();
  const credential = status?.credentials.find((c) => c.id === `alpaca.${mode}`);
  const [keyId, setKeyId] = useState('');
  const [secret, setSecret] = useState('');
  const [weakWarning, setWeakWarning] = useState<string | null>(null);
  const [acceptWeak, setAcceptWeak] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [test, setTest] = useState<TestAlpacaKeysResponse | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const id = `settings-${mode}`;

  const save = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setTest(null);
    try {
      onStatus(await client.invoke('secrets.saveAlpacaKeys', { mode, keyId, secret, acceptWeakStorage: acceptWeak }));
      setKeyId('');
      setSecret('');
      setWeakWarning(null);
      setAcceptWeak(false);
    } catch (reason) {
      const message = messageOf(reason);
      if (message.includes('WEAK_STORAGE_REFUSED')) setWeakWarning(message.replace(/^WEAK_STORAGE_REFUSED: /, ''));
      else setError(message);
    } finally {
      setBusy(false);
    }
  };

  const runTest = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      setTest(await client.invoke('secrets.testAlpacaKeys', { mode }));
    } catch (reason) {
      setError(messageOf(reason));
    } finally {
      setBusy(false);
    }
  };

  const remove = async (): Promise<void> => {
    if (!confirmDelete) {
      setConfirmDelete(true);
      return;
    }
    setBusy(true);
    setConfirmDelete(false);
    setTest(null);
    try {
      onStatus(await client.invoke('secrets.delete', { id: `alpaca.${mode}` }));
    } catch (reason) {
      setError(messageOf(reason));
    } finally {
      setBusy(false);
    }
  };

  const readOnly = credential?.readOnly === true;
  return (
    <section className="settings-card" data-testid={id}>
      <header className="settings-card-header">
        <h3>{mode === 'paper' ? 'Alpaca paper trading keys' : 'Alpaca live trading keys'}</h3>
        <CredentialBadge credential={credential} testId={`${id}-status`} />
      </header>
      {mode === 'live' ? <p className="muted">Live keys trade real money. Trading live still needs a confirmation when you switch modes.</p> : null}
      <form className="settings-form" onSubmit={(event) => void save(event)} autoComplete="off">
        <label>
          Key id
          <input
            data-testid={`${id}-key-id`}
            value={keyId}
            onChange={(e) => setKeyId(e.target.value)}
            placeholder={mode === 'paper' ? 'PK…' : 'AK…'}
            spellCheck={false}
            autoComplete="off"
            disabled={readOnly}
          />
        </label>
        <label>
          Secret key
          <input data-testid={`${id}-secret`} type="password" value={secret} onChange={(e) => setSecret(e.target.value)} spellCheck={false} autoComplete="new-password" disabled={readOnly} />
        </label>
        {weakWarning ? (
          <div className="inline-warning" data-testid={`${id}-weak-warning`}>
            <p>{weakWarning}</p>
            <label>
              <input type="checkbox" data-testid={`${id}-accept-weak`} checked={acceptWeak} onChange={(e) => setAcceptWeak(e.target.checked)} /> I understand; store the live key
              anyway
            </label>
          </div>
        ) : null}
        <div className="settings-actions">
          <button className="button" type="submit" data-testid={`${id}-save`} disabled={busy || readOnly || !keyId || !secret}>
            Save
          </button>
          <button className="button" type="button" data-testid={`${id}-test`} disabled={busy || !credential?.set} onClick={() => void runTest()}>
            Test connection
          </button>
          <button className="button" type="button" data-testid={`${id}-delete`} disabled={busy || readOnly || !credential?.set} onClick={() => void remove()}>
            {confirmDelete ? 'Really delete?' : 'Delete'}
          </button>
        </div>
      </form>
      {error ? (
        <div className="inline-error" data-testid={`${id}-error`}>
          {error}
        </div>
      ) : null}
      {test ? (
        <div className={test.ok ? 'inline-ok' : 'inline-error'} data-testid={`${id}-test-result`} data-ok={String(test.ok)} data-code={test.code}>
          {test.message}
          {test.accountNumberLast4 ? ` (account ••••${test.accountNumberLast4}${test.currency ? `, ${test.currency}` : ''})` : ''}
        </div>
      ) : null}
    </section>
  );
}
