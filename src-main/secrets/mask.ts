/** What the GUI may know about a secret: whether it is set and, for a key id or API key, its last four characters. */
export interface MaskedSecret {
  set: boolean;
  last4: string | null;
}

const VISIBLE = 4;
/** Shorter values show nothing: four characters of an eight-character value would be half of it. */
const MIN_LENGTH_TO_SHOW = 12;

export function maskSecret(value: string | null | undefined): MaskedSecret {
  if (!value) return { set: false, last4: null };
  return { set: true, last4: value.length >= MIN_LENGTH_TO_SHOW ? value.slice(-VISIBLE) : null };
}
