/**
 * A request field's path in words for messages a trader reads ("key ID", "legs #2 limit price"), never the
 * internal name (keyId, legs.1.limitPrice) nor the channel it was sent on.
 */
const WORDS: Readonly<Record<string, string>> = {
  id: 'ID',
  url: 'URL',
  api: 'API',
  llm: 'LLM',
  iv: 'IV',
  qty: 'quantity',
  tif: 'time in force',
  pct: 'percent',
  ms: 'milliseconds',
  tf: 'timeframe',
};

/** Names seen so far (schemas have a few hundred; a record's keys could be anything, so the memo is bounded). */
const memo = new Map<string, string>();
const MEMO_MAX = 2000;

/** keyId -> "key ID", maxOrderQty -> "max order quantity", stop_loss -> "stop loss". */
export function nameInWords(name: string): string {
  const known = memo.get(name);
  if (known !== undefined) return known;
  const words = splitWords(name);
  if (memo.size < MEMO_MAX) memo.set(name, words);
  return words;
}

function splitWords(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s_-]+/)
    .filter((w) => w !== '')
    .map((w) => WORDS[w.toLowerCase()] ?? (/^[A-Z]{2,}$/.test(w) ? w : w.toLowerCase()))
    .join(' ');
}

/** ['legs', 1, 'limitPrice'] -> "legs #2 limit price"; [] -> "the request". */
export function pathInWords(path: ReadonlyArray<PropertyKey>): string {
  if (path.length === 0) return 'the request';
  const parts: string[] = [];
  for (const segment of path) {
    if (typeof segment === 'number') parts.push(`#${segment + 1}`);
    else parts.push(nameInWords(String(segment)));
  }
  return parts.join(' ');
}

/** Zod's issues, at most five, as "field in words: reason; ...". */
export function issuesInWords(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): string {
  return issues
    .slice(0, 5)
    .map((issue) => `${pathInWords(issue.path)}: ${issue.message}`)
    .join('; ');
}
