import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scoreHeadline } from '../../../src-main/news/sentiment.js';

/** Headlines labelled by hand for this test, shaped like wire headlines (not copied from any feed). */
const LABELLED: ReadonlyArray<readonly [string, 'positive' | 'negative' | 'neutral']> = [
  ['Acme Corp Beats Estimates, Raises Guidance For Full Year', 'positive'],
  ['Acme Shares Surge After FDA Approval Of Lead Drug', 'positive'],
  ['Analyst Upgrades Globex To Outperform, Raises Price Target To $140', 'positive'],
  ['Initech Stock Hits All-Time High On Strong Cloud Growth', 'positive'],
  ['Umbrella Announces $2B Share Buyback And Dividend Increase', 'positive'],
  ['Hooli Wins $3 Billion Defense Contract', 'positive'],
  ['Stark Industries Quarterly Profit Better Than Expected', 'positive'],
  ['Wayne Enterprises Shares Rebound Sharply After Selloff', 'positive'],
  ['Acme Misses Estimates, Cuts Guidance As Demand Slows', 'negative'],
  ['Globex Plunges After SEC Investigation Disclosed', 'negative'],
  ['Initech Files For Chapter 11 Bankruptcy Protection', 'negative'],
  ['Analyst Downgrades Umbrella To Underperform, Lowers Price Target', 'negative'],
  ['Hooli Recalls 200,000 Vehicles Over Brake Defect', 'negative'],
  ['Stark Industries Issues Profit Warning, Shares Tumble', 'negative'],
  ['Wayne Enterprises Faces Class Action Lawsuit Over Data Breach', 'negative'],
  ['CEO Of Acme Resigns Amid Fraud Probe', 'negative'],
  ['Globex Announces Date Of Annual Shareholder Meeting', 'neutral'],
  ['Initech To Present At Technology Conference Next Week', 'neutral'],
  ['Umbrella Names New Chief Marketing Officer', 'neutral'],
  ['Hooli Completes Previously Announced Office Move', 'neutral'],
  ['Acme Does Not Expect Layoffs This Year', 'positive'],
  ['Globex Fails To Win Approval For Merger', 'negative'],
  ['Stark Shares Fall Slightly', 'negative'],
  ['Stark Shares Little Changed In Quiet Trading', 'neutral'],
];

describe('headline sentiment (the project\'s finance word list)', () => {
  it('labels the hand-labelled headlines correctly', () => {
    const wrong = LABELLED.filter(([text, label]) => scoreHeadline(text).label !== label).map(([text, label]) => `${label}: ${text} (${scoreHeadline(text).score.toFixed(2)})`);
    expect(wrong).toEqual([]);
  });

  it('negation flips a cue; an amplifier scales it; phrases count once', () => {
    expect(scoreHeadline('Shares rise').score).toBeGreaterThan(0);
    expect(scoreHeadline('Shares do not rise').score).toBeLessThan(0);
    expect(scoreHeadline('Shares fall sharply').score).toBeLessThan(scoreHeadline('Shares fall').score);
    expect(scoreHeadline('Shares sharply lower, sales fall').score).toBeCloseTo(scoreHeadline('Shares fall sharply').score, 12);
    expect(scoreHeadline('Acme beats estimates handily').score).toBeCloseTo(scoreHeadline('Acme beats estimates').score, 12);
    const beat = scoreHeadline('Acme beats estimates');
    expect(beat.cues).toEqual([{ text: 'beats estimates', weight: 2 }]);
    expect(scoreHeadline("Acme doesn't beat estimates").score).toBeLessThan(0);
    expect(scoreHeadline('').label).toBe('neutral');
  });

  it('scores in [-1, 1] however many cues pile up, and gives its reasons', () => {
    const pile = scoreHeadline('Surge soar jump rally gains record growth profit upgrade beats estimates raises guidance');
    expect(pile.score).toBeLessThanOrEqual(1);
    expect(pile.score).toBeGreaterThan(0.99);
    expect(pile.cues.length).toBeGreaterThan(5);
  });

  it('reads the recorded news payload\'s headlines (a copy of ../shared/alpaca-contract/market-data/news-page.json)', () => {
    const page = JSON.parse(readFileSync(join(__dirname, '../../fixtures/news/news-page.json'), 'utf8')) as { news: Array<{ headline: string }> };
    const scored = page.news.map((n) => scoreHeadline(n.headline));
    // "Piper Sandler Maintains Neutral on ..., Raises Price Target to $28": a raised target reads as good news.
    expect(scored.at(-1)!.label).toBe('positive');
  });
});
