/** The colour class of a sentiment score: green for good news, red for bad, grey for neutral (|score| <= 0.15). */
export function sentimentClass(score: number): 'news-positive' | 'news-negative' | 'news-neutral' {
  if (score > 0.15) return 'news-positive';
  if (score < -0.15) return 'news-negative';
  return 'news-neutral';
}

export function formatScore(score: number): string {
  return `${score >= 0 ? '+' : ''}${score.toFixed(2)}`;
}
