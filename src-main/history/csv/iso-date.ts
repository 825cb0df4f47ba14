export const MS_PER_DAY_UTC = 86_400_000;

/** `YYYY-MM-DD` to its 00:00 UTC epoch ms; undefined for anything that is not a real calendar date. */
export function parseIsoDate(text: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const t = Date.UTC(year, month - 1, day);
  const back = new Date(t);
  // Date.UTC rolls 2014-02-30 over into March; a real date survives the round trip.
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) return undefined;
  return t;
}
