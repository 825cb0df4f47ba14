/** Error codes every IPC reply can carry. The renderer shows `message`; `code` is for logic and tests. */
export const IPC_ERROR_CODES = [
  'BAD_REQUEST',
  'UNKNOWN_CHANNEL',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'CANCELLED',
  /** The caller reused the id of a call still in flight on the same connection. */
  'CALL_ID_IN_USE',
  'TIMEOUT',
  'NOT_FOUND',
  'UNAVAILABLE',
  'INTERNAL',
] as const;

export type IpcErrorCode = (typeof IPC_ERROR_CODES)[number];

export interface IpcError {
  code: IpcErrorCode;
  message: string;
}

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: IpcError };

/** An error with a code, thrown by handlers and by clients when a reply is an error envelope. */
export class CodedError extends Error {
  readonly code: IpcErrorCode;
  constructor(code: IpcErrorCode, message: string) {
    super(message);
    this.name = 'CodedError';
    this.code = code;
  }
}

export function isIpcErrorCode(value: unknown): value is IpcErrorCode {
  return typeof value === 'string' && (IPC_ERROR_CODES as readonly string[]).includes(value);
}
