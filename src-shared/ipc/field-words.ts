/**
 * A request field's path in words for messages a trader reads ("key ID", "legs #2 limit price"), never the
 * internal name (keyId, legs.1.limitPrice) nor the channel it was sent on.
 */
// A Map, not an object: a request may name a field "constructor" or "__proto__".
const WORDS: ReadonlyMap<string, string> = new Map([
  ['id', 'ID'],
  ['url', 'URL'],
  ['api', 'API'],
  ['llm', 'LLM'],
  ['iv', 'IV'],
  ['qty', 'quantity'],
  ['tif', 'time in force'],
  ['pct', 'percent'],
  ['ms', 'milliseconds'],
  ['tf', 'timeframe'],
]);

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

/** One pass over the name (fuzzed requests bring thousands of odd keys; regexes per name cost 8x this). */
function splitWords(name: string): string {
  const words: string[] = [];
  let start = 0;
  const push = (end: number): void => {
    if (end > start) words.push(name.slice(start, end));
  };
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c === 95 || c === 45 || c === 32) {
      // _ - and space separate words.
      push(i);
      start = i + 1;
    } else if (c >= 65 && c <= 90 && i > start) {
      const before = name.charCodeAt(i - 1);
      const after = i + 1 < name.length ? name.charCodeAt(i + 1) : 0;
      const lowerBefore = (before >= 97 && before <= 122) || (before >= 48 && before <= 57);
      const upperBefore = before >= 65 && before <= 90;
      // keyId -> key|Id; APIKey -> API|Key
      if (lowerBefore || (upperBefore && after >= 97 && after <= 122)) {
        push(i);
        start = i;
      }
    }
  }
  push(name.length);
  let out = '';
  for (const w of words) {
    const lower = w.toLowerCase();
    const word = WORDS.get(lower) ?? (w.length > 1 && w === w.toUpperCase() && lower !== w ? w : lower);
    out = out === '' ? word : `${out} ${word}`;
  }
  return out;
}

/** ['legs', 1, 'limitPrice'] -> "legs #2 limit price"; [] -> `root` ("the request" unless told). */
export function pathInWords(path: ReadonlyArray<PropertyKey>, root = 'the request'): string {
  if (path.length === 0) return root;
  const parts: string[] = [];
  for (const segment of path) {
    if (typeof segment === 'number') parts.push(`#${segment + 1}`);
    else parts.push(nameInWords(String(segment)));
  }
  return parts.join(' ');
}

/** Zod's issues, at most five, as "field in words: reason; ...". `root` names the whole value. */
export function issuesInWords(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>, root?: string): string {
  return issues
    .slice(0, 5)
    .map((issue) => `${pathInWords(issue.path, root)}: ${issue.message}`)
    .join('; ');
}
