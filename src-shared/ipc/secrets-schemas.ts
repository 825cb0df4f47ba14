import { z } from 'zod';

/**
 * Schemas of the `secrets` service. A secret crosses once, renderer to main, in a save request; no reply or
 * event carries one back: the GUI learns only whether a credential is set, where it lives, and the last four
 * characters of its key id (never of a secret).
 */
export const ALPACA_KEY_MODES = ['paper', 'live'] as const;
export const alpacaKeyMode = z.enum(ALPACA_KEY_MODES);
export type AlpacaKeyModeName = z.infer<typeof alpacaKeyMode>;

export const CREDENTIALS = ['alpaca.paper', 'alpaca.live', 'llm'] as const;
export const credentialId = z.enum(CREDENTIALS);

/** Where a credential is kept: the OS keychain, Electron's encrypted file, or (read-only) environment variables. */
export const secretSource = z.enum(['keychain', 'encrypted-file', 'env']);
export type SecretSource = z.infer<typeof secretSource>;

export const credentialStatus = z.strictObject({
  id: credentialId,
  set: z.boolean(),
  /** Last four characters of the key id (Alpaca) or API key (LLM); null when unset or too short to show any. */
  last4: z.string().length(4).nullable(),
  source: secretSource.nullable(),
  /** Set from environment variables: the GUI cannot change or delete it. */
  readOnly: z.boolean(),
});
export type CredentialStatus = z.infer<typeof credentialStatus>;

export const secretsStatus = z.strictObject({
  store: z.strictObject({
    /** Where new keys go; null when nothing writable is available (headless host without a keychain). */
    backend: secretSource.nullable(),
    detail: z.string(),
    /** Linux's basic_text fallback: live keys need an explicit opt-in. */
    weak: z.boolean(),
  }),
  /** Why a stronger store was passed over, for the user to fix (e.g. "Secret Service is not usable: …"). */
  notes: z.array(z.string()),
  credentials: z.array(credentialStatus),
});
export type SecretsStatus = z.infer<typeof secretsStatus>;

const keyId = z
  .string()
  .trim()
  .min(8, 'a key id has at least 8 characters')
  .max(64, 'a key id has at most 64 characters')
  .regex(/^[A-Za-z0-9]+$/, 'a key id has only letters and digits');
const secretText = (what: string) =>
  z
    .string()
    .trim()
    .min(16, `${what} has at least 16 characters`)
    .max(512, `${what} has at most 512 characters`)
    .regex(/^[\x21-\x7e]+$/, `${what} has no spaces or special characters`);

export const saveAlpacaKeysRequest = z.strictObject({
  mode: alpacaKeyMode,
  keyId,
  secret: secretText('the secret key'),
  /** The user read the warning that this machine has no keyring and wants the live key stored anyway. */
  acceptWeakStorage: z.boolean().default(false),
});
export const saveLlmKeyRequest = z.strictObject({ apiKey: secretText('the API key') });
export const deleteCredentialRequest = z.strictObject({ id: credentialId });
export const testAlpacaKeysRequest = z.strictObject({ mode: alpacaKeyMode });

/** The answer of a real call to the account endpoint with the stored keys. */
export const testAlpacaKeysResponse = z.strictObject({
  mode: alpacaKeyMode,
  ok: z.boolean(),
  /** OK, NO_KEYS, KEYS_REFUSED, FORBIDDEN, UNREACHABLE, BROKER_ERROR */
  code: z.string(),
  message: z.string(),
  /** Trading host asked (origin only). */
  host: z.string(),
  httpStatus: z.number().int().nullable(),
  accountStatus: z.string().nullable(),
  accountNumberLast4: z.string().nullable(),
  currency: z.string().nullable(),
  checkedAt: z.number().int(),
});
export type TestAlpacaKeysResponse = z.infer<typeof testAlpacaKeysResponse>;
