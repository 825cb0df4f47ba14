/**
 * Error bodies the server itself produces (routes throw their own AlpacaHttpError). Each follows a recorded
 * body in ../shared/alpaca-contract/errors/ where one exists; the others use Alpaca's `{code, message}` shape
 * with the status in the code's first three digits (README §8).
 */
export type AlpacaErrorBody = { code?: number; message: string } & Record<string, unknown>;

/** errors/403-forbidden-bad-auth-headers.json: Alpaca answers auth failures without a code. */
export const FORBIDDEN: AlpacaErrorBody = { message: 'forbidden.' };
/** errors/429-rate-limit-exceeded.json */
export const RATE_LIMIT_EXCEEDED: AlpacaErrorBody = { code: 42910000, message: 'rate limit exceeded' };
export const ENDPOINT_NOT_FOUND: AlpacaErrorBody = { code: 40410000, message: 'endpoint not found' };
export const METHOD_NOT_ALLOWED: AlpacaErrorBody = { code: 40510000, message: 'method not allowed' };
/** Malformed JSON: Alpaca's generic "request body format is invalid" (code 40010000, HTTP 400). */
export const BODY_FORMAT_INVALID: AlpacaErrorBody = { code: 40010000, message: 'request body format is invalid' };
export const BODY_TOO_LARGE: AlpacaErrorBody = { code: 41310000, message: 'request body too large' };
export const INTERNAL_ERROR: AlpacaErrorBody = { code: 50010000, message: 'internal server error' };

/** Bodies of the 5xx statuses an error burst can inject. */
export const SERVER_ERRORS: Record<500 | 502 | 503 | 504, AlpacaErrorBody> = {
  500: INTERNAL_ERROR,
  502: { code: 50210000, message: 'bad gateway' },
  503: { code: 50310000, message: 'service unavailable' },
  504: { code: 50410000, message: 'gateway timeout' },
};
