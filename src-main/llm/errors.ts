import { CodedError, type IpcErrorCode } from '../../src-shared/ipc/errors.js';

/**
 * Why an LLM analysis failed, finer than the IPC code: a trader can tell a missing key from a slow model from an
 * answer that did not fit the schema, and the message says what to do about each.
 */
export type LlmFailure =
  /** No API key in OPENROUTER_API_KEY nor in the keychain (account `llm.apiKey`). */
  | 'LLM_NO_KEY'
  /** The endpoint refused the key (HTTP 401 or 403). */
  | 'LLM_AUTH'
  /** The endpoint answered with another error status (rate limit, unknown model, server error). */
  | 'LLM_HTTP'
  /** The endpoint could not be reached (refused, reset, DNS). */
  | 'LLM_UNREACHABLE'
  /** No complete answer within the timeout; the request was abandoned. */
  | 'LLM_TIMEOUT'
  /** The answer is not JSON, does not fit the schema, or the model refused to answer. */
  | 'LLM_BAD_ANSWER'
  /** Today's request count or cost limit is reached; nothing was sent. */
  | 'LLM_LIMIT'
  /** The caller cancelled the request before the answer came. */
  | 'LLM_CANCELLED'
  /** The request itself is malformed (no bars, a bad URL, a bad option). */
  | 'LLM_BAD_INPUT';

const IPC_CODE: Record<LlmFailure, IpcErrorCode> = {
  LLM_NO_KEY: 'UNAUTHENTICATED',
  LLM_AUTH: 'UNAUTHENTICATED',
  LLM_HTTP: 'UNAVAILABLE',
  LLM_UNREACHABLE: 'UNAVAILABLE',
  LLM_TIMEOUT: 'TIMEOUT',
  LLM_BAD_ANSWER: 'INTERNAL',
  LLM_LIMIT: 'FORBIDDEN',
  LLM_CANCELLED: 'CANCELLED',
  LLM_BAD_INPUT: 'BAD_REQUEST',
};

/** An LLM error: `code` is the IPC code (exit status, GUI), `failure` the analysis' own reason. */
export class LlmError extends CodedError {
  constructor(
    readonly failure: LlmFailure,
    message: string,
  ) {
    super(IPC_CODE[failure], message);
    this.name = 'LlmError';
  }
}
