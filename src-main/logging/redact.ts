/**
 * Redaction applied to every log entry before it is stored, written or sent to a GUI. Three nets, because a
 * secret can arrive as a field name we know, as a value we were told about, or as a string shaped like a key.
 */
export const REDACTED = '[redacted]';

const SECRET_FIELD = /(secret|passw|passphrase|token|api[-_]?key|authorization|cookie|credential|private[-_]?key)/i;
// Alpaca key ids: PK (paper), AK (live), CK (broker) followed by upper-case letters and digits.
const KEY_ID_SHAPE = /\b(?:PK|AK|CK)[A-Z0-9]{14,30}\b/g;
const BEARER = /\b(Bearer)\s+[A-Za-z0-9._~+/-]+=*/gi;
const MAX_DEPTH = 6;
const MIN_SECRET_LENGTH = 6;

export class Redactor {
  private readonly secrets = new Set<string>();

  /** Values that must never appear anywhere in a log (keys read from the keychain, session tokens). */
  addSecret(value: string): void {
    if (value.length >= MIN_SECRET_LENGTH) this.secrets.add(value);
  }

  removeSecret(value: string): void {
    this.secrets.delete(value);
  }

  text(input: string): string {
    let out = input;
    for (const secret of this.secrets) {
      if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    }
    return out.replace(KEY_ID_SHAPE, REDACTED).replace(BEARER, `$1 ${REDACTED}`);
  }

  value(input: unknown, depth = 0): unknown {
    if (typeof input === 'string') return this.text(input);
    if (input === null || typeof input !== 'object') return input;
    if (depth >= MAX_DEPTH) return '[truncated]';
    if (input instanceof Error) return this.text(`${input.name}: ${input.message}`);
    if (Array.isArray(input)) return input.slice(0, 100).map((item) => this.value(item, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(input)) {
      out[key] = SECRET_FIELD.test(key) ? REDACTED : this.value(item, depth + 1);
    }
    return out;
  }
}
