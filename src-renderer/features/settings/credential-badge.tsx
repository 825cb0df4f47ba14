import type { CredentialStatus } from '../../../src-shared/ipc/secrets-schemas.js';

const SOURCE_LABEL = { keychain: 'OS keychain', 'encrypted-file': 'encrypted file', env: 'environment' } as const;

/** "set ••••7Q2Z (OS keychain)" or "not set": everything the GUI ever knows about a stored key. */
export function CredentialBadge({ credential, testId }: { credential: CredentialStatus | undefined; testId: string }) {
  if (!credential?.set) {
    return (
      <span className="credential-badge unset" data-testid={testId} data-set="false">
        not set
      </span>
    );
  }
  return (
    <span className="credential-badge set" data-testid={testId} data-set="true">
      <span data-testid={`${testId}-masked`}>{credential.last4 ? `••••${credential.last4}` : '••••'}</span>
      {credential.source ? <span className="muted"> ({SOURCE_LABEL[credential.source]}{credential.readOnly ? ', read-only' : ''})</span> : null}
    </span>
  );
}
