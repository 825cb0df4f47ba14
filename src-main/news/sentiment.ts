/**
 * Headline sentiment from a finance word list written for this project: words and phrases that move prices in news
 * wires ("beats estimates", "downgrade", "recall"), weighted, with negation ("not", "fails to" flip the next few
 * words) and amplifiers ("sharply", "record"). A word list is what it is: transparent, fast, wrong on irony and
 * context; the score is a feature and an insight source, never an order by itself.
 */

/** Multi-word cues, matched before single words (their words are then not counted again). */
const PHRASES: ReadonlyArray<readonly [string, number]> = [
  ['beats estimates', 2],
  ['beat estimates', 2],
  ['tops estimates', 2],
  ['misses estimates', -2],
  ['missed estimates', -2],
  ['raises guidance', 2],
  ['raised guidance', 2],
  ['cuts guidance', -2],
  ['lowers guidance', -2],
  ['raises price target', 1.5],
  ['lowers price target', -1.5],
  ['cuts price target', -1.5],
  ['price target raised', 1.5],
  ['price target cut', -1.5],
  ['all-time high', 1.5],
  ['record high', 1.5],
  ['record low', -1.5],
  ['going concern', -2.5],
  ['share buyback', 1],
  ['stock buyback', 1],
  ['dividend cut', -2],
  ['dividend increase', 1.5],
  ['raises dividend', 1.5],
  ['cuts dividend', -2],
  ['profit warning', -2.5],
  ['chapter 11', -3],
  ['better than expected', 1.5],
  ['worse than expected', -1.5],
  ['below expectations', -1.5],
  ['above expectations', 1.5],
  ['job cuts', -1],
  ['sec investigation', -2],
  ['class action', -1.5],
];

const WORDS: ReadonlyMap<string, number> = new Map<string, number>([
  ...(['surge', 'surges', 'surged', 'soar', 'soars', 'soared', 'jump', 'jumps', 'jumped', 'rally', 'rallies', 'rallied', 'skyrocket', 'skyrockets'] as const).map((w) => [w, 1.5] as [string, number]),
  ...(['gain', 'gains', 'gained', 'rise', 'rises', 'rose', 'climb', 'climbs', 'climbed', 'advance', 'advances', 'rebound', 'rebounds', 'recover', 'recovers'] as const).map((w) => [w, 1] as [string, number]),
  ...(['beat', 'beats', 'upgrade', 'upgrades', 'upgraded', 'outperform', 'outperforms', 'bullish', 'buy', 'overweight', 'strong', 'stronger', 'robust', 'record', 'growth', 'profit', 'profitable', 'approval', 'approved', 'approves', 'wins', 'win', 'awarded', 'expands', 'expansion', 'partnership', 'breakthrough', 'boost', 'boosts', 'raises', 'raised', 'exceeds', 'exceeded', 'optimistic', 'accelerates'] as const).map((w) => [w, 1] as [string, number]),
  ...(['plunge', 'plunges', 'plunged', 'crash', 'crashes', 'crashed', 'tumble', 'tumbles', 'tumbled', 'collapse', 'collapses', 'collapsed', 'sink', 'sinks', 'sank', 'bankruptcy', 'bankrupt', 'fraud', 'default', 'defaults'] as const).map((w) => [w, -1.5] as [string, number]),
  ...(['fall', 'falls', 'fell', 'drop', 'drops', 'dropped', 'decline', 'declines', 'declined', 'slide', 'slides', 'slid', 'slump', 'slumps', 'slumped', 'lose', 'loses', 'lost'] as const).map((w) => [w, -1] as [string, number]),
  ...(['miss', 'misses', 'missed', 'downgrade', 'downgrades', 'downgraded', 'underperform', 'underweight', 'sell', 'bearish', 'weak', 'weaker', 'loss', 'losses', 'lawsuit', 'sues', 'sued', 'probe', 'investigation', 'recall', 'recalls', 'layoffs', 'halts', 'halted', 'delay', 'delays', 'delayed', 'warns', 'warning', 'cuts', 'cut', 'lowers', 'lowered', 'rejects', 'rejected', 'resigns', 'leaves', 'exits', 'fine', 'fined', 'penalty', 'breach', 'shortfall', 'slows', 'concern', 'concerns', 'risk'] as const).map((w) => [w, -1] as [string, number]),
]);

/** Words that flip the sign of the cues in the next NEGATION_SPAN words. */
const NEGATIONS = new Set(['not', 'no', 'never', "n't", 'without', 'fails', 'failed', 'unable', 'despite']);
const NEGATION_SPAN = 3;
/** Words that strengthen the next cue. */
const AMPLIFIERS: ReadonlyMap<string, number> = new Map([
  ['sharply', 1.5],
  ['significantly', 1.4],
  ['massive', 1.5],
  ['huge', 1.4],
  ['big', 1.2],
  ['steep', 1.4],
  ['slightly', 0.5],
  ['modestly', 0.6],
]);

export interface HeadlineSentiment {
  /** In [-1, 1]: negative is bad news for the symbols, positive good. */
  score: number;
  label: 'negative' | 'neutral' | 'positive';
  /** The cues that counted, with their signed weights: the reason shown beside the score. */
  cues: Array<{ text: string; weight: number }>;
}

function tokens(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/n't\b/g, " n't")
    .replace(/[^a-z0-9'$%.\- ]+/g, ' ')
    .split(/\s+/)
    .map((t) => t.replace(/^[.'-]+|[.'-]+$/g, ''))
    .filter((t) => t.length > 0 || t === "n't");
}

/** How many words the phrase starting at `start` covers (its words are marked used, and the next one starts anew). */
function phraseLength(words: readonly string[], start: number, used: Uint8Array): number {
  for (const [phrase] of PHRASES) {
    const parts = phrase.split(' ');
    if (parts.every((p, k) => words[start + k] === p && used[start + k])) return parts.length;
  }
  return 1;
}

/** Scores one headline (or a headline and its summary joined). */
export function scoreHeadline(text: string): HeadlineSentiment {
  const words = tokens(text);
  const used = new Uint8Array(words.length);
  const cues: HeadlineSentiment['cues'] = [];
  const weightAt = new Float64Array(words.length);
  // The cue entry of a phrase starting at a word, so negation or an amplifier before it can adjust its weight.
  const phraseCue = new Int32Array(words.length).fill(-1);
  for (const [phrase, weight] of PHRASES) {
    const parts = phrase.split(' ');
    for (let i = 0; i + parts.length <= words.length; i++) {
      if (parts.every((p, k) => words[i + k] === p && !used[i + k])) {
        for (let k = 0; k < parts.length; k++) used[i + k] = 1;
        weightAt[i] = weight;
        phraseCue[i] = cues.length;
        cues.push({ text: phrase, weight });
      }
    }
  }
  let total = 0;
  let negateUntil = -1;
  let amplify = 1;
  let lastCue = -1;
  let lastCueAt = -2;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (NEGATIONS.has(w)) {
      negateUntil = i + NEGATION_SPAN;
      continue;
    }
    const boost = AMPLIFIERS.get(w);
    if (boost !== undefined) {
      // After its cue ("falls sharply") it scales that cue; before one ("sharply lower") the next.
      if (lastCueAt === i - 1 && lastCue >= 0) {
        const before = cues[lastCue]!.weight;
        cues[lastCue]!.weight = before * boost;
        total += before * (boost - 1);
      } else amplify = boost;
      continue;
    }
    let weight = used[i] ? weightAt[i]! : (WORDS.get(w) ?? 0);
    if (weight === 0) continue;
    weight *= amplify;
    amplify = 1;
    if (i <= negateUntil) weight = -weight;
    if (phraseCue[i]! >= 0) {
      cues[phraseCue[i]!]!.weight = weight;
      lastCue = phraseCue[i]!;
    } else {
      lastCue = cues.length;
      cues.push({ text: w, weight });
    }
    lastCueAt = used[i] ? i + phraseLength(words, i, used) - 1 : i;
    total += weight;
  }
  // Squashed so that two clear cues are near +-0.75 and a pile of them cannot pass 1.
  const score = Math.tanh(total / 2.5);
  const label = score > 0.15 ? 'positive' : score < -0.15 ? 'negative' : 'neutral';
  return { score, label, cues };
}
