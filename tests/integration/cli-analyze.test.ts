// `workstation analyze` on the built CLI against the OpenAI-compatible stand-in on loopback (the CLI runs as a
// child process, spawned asynchronously so the stand-in in this process can answer it).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import packageJson from '../../package.json' with { type: 'json' };
import { ensureBuilt } from '../support/build.js';
import { YAHOO_DAILY_DIR } from '../support/data.js';
import { completion, startLlmStandIn, validAnswer, type LlmStandIn } from '../support/llm-server.js';

/** Every day's usage log of the data folder (one file per UTC day), concatenated. */
function usageLogText(dataDir: string): string {
  const dir = join(dataDir, 'logs');
  return readdirSync(dir)
    .filter((f) => /^llm-usage-\d{4}-\d{2}-\d{2}\.jsonl$/.test(f))
    .sort()
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('');
}


const root = join(__dirname, '..', '..');
const bin = join(root, packageJson.bin.workstation);
const KEY = 'sk-or-v1-cli-standin-00112233445566778899aabbccddeeff';
const NVDA = join(YAHOO_DAILY_DIR, 'nvda-2014.txt');

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: Record<string, string | undefined>): Promise<Run> {
  const childEnv = { ...process.env, OPENROUTER_API_KEY: undefined, ...env };
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd: root, env: childEnv, encoding: 'utf8', timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ status: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
    });
  });
}

let server: LlmStandIn;
let dataDir: string;

beforeAll(async () => {
  ensureBuilt('main');
  server = await startLlmStandIn(KEY);
  server.respond((r) => ({ body: completion(JSON.stringify(validAnswer(r)), { cost: 0.003 }) }));
});
afterAll(() => server.close());
afterEach(() => {
  server.requests.length = 0;
  server.respond((r) => ({ body: completion(JSON.stringify(validAnswer(r)), { cost: 0.003 }) }));
  rmSync(dataDir, { recursive: true, force: true });
});

function base(...extra: string[]): string[] {
  dataDir = mkdtempSync(join(tmpdir(), 'cli-analyze-'));
  return ['analyze', '--symbol', 'NVDA', '--llm-url', server.baseUrl, '--model', 'standin/analyst-1', '--data-dir', dataDir, ...extra];
}

describe('workstation analyze', () => {
  it('--data --json: sends the file\'s last bars with the key as bearer token, prints the analysis and proposals, logs without the key', async () => {
    const args = base('--data', NVDA, '--position', '100@18.5', '--equity', '50000', '--json');
    const news = join(dataDir, 'news.txt');
    writeFileSync(news, '2014-12-30T14:00:00Z\tNVDA unveils a new GPU\nChip stocks slide\n');
    const run = await cli([...args, '--news', news], { OPENROUTER_API_KEY: KEY });
    expect(run.status, run.stderr).toBe(0);
    expect(server.requests).toHaveLength(1);
    const req = server.requests[0]!;
    expect(req.headers.authorization).toBe(`Bearer ${KEY}`);
    const body = req.body as { model: string; messages: Array<{ content: string }> };
    expect(body.model).toBe('standin/analyst-1');
    const sent = JSON.parse(body.messages[1]!.content.split('\n').slice(1).join('\n')) as { lastClose: number; recentBars: Array<{ t: string }>; position: unknown; risk: Record<string, number>; news: Array<{ at: number; headline: string }> };
    expect(sent.news).toEqual([
      { at: Date.parse('2014-12-30T14:00:00Z'), headline: 'NVDA unveils a new GPU' },
      { at: Date.parse('2014-12-31T00:00:00Z'), headline: 'Chip stocks slide' },
    ]);
    expect(sent.lastClose).toBe(20.05);
    expect(sent.recentBars.at(-1)!.t).toBe('2014-12-31T00:00:00.000Z');
    expect(sent.position).toEqual({ qty: '100', avgEntryPrice: '18.5' });
    expect(sent.risk).toEqual({ equity: 50000 });
    const out = JSON.parse(run.stdout) as { analysis: { symbol: string; answer: { outlook: string; proposals: Array<{ symbol: string; side: string; qty: number; limitPrice: number }> }; usage: { costUsd: number } } };
    expect(out.analysis.symbol).toBe('NVDA');
    expect(out.analysis.answer.outlook).toBe('bullish');
    expect(out.analysis.answer.proposals).toEqual([expect.objectContaining({ symbol: 'NVDA', side: 'buy', qty: 10, limitPrice: 19.85 })]);
    expect(out.analysis.usage.costUsd).toBe(0.003);
    const log = usageLogText(dataDir);
    expect(log.trim().split('\n')).toHaveLength(2);
    expect(log).not.toContain(KEY);
    expect(run.stdout + run.stderr).not.toContain(KEY);
  });

  it('reads the bars from the history store when no --data is given, and prints text without --json', async () => {
    const args = base();
    const imported = await cli(['import', '--file', NVDA, '--symbol', 'NVDA', '--data-dir', dataDir], {});
    expect(imported.status, imported.stderr).toBe(0);
    const run = await cli(args, { OPENROUTER_API_KEY: KEY });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^NVDA — bullish, confidence 0\.62/);
    expect(run.stdout).toMatch(/Proposals \(not sent/);
    expect(run.stdout).toMatch(/BUY 10 sh NVDA limit 19\.85/);
  });

  it('refuses without a key, on a timeout and past the daily limit, each with its code', async () => {
    const noKey = await cli(base('--data', NVDA, '--json'), { WORKSTATION_KEYCHAIN_SERVICE: `cli-analyze-test-${process.pid}` });
    expect(noKey.status).toBe(1);
    expect(noKey.stderr).toMatch(/\[LLM_NO_KEY\] \[UNAUTHENTICATED\]/);
    expect(server.requests).toHaveLength(0);
    rmSync(dataDir, { recursive: true, force: true });

    server.respond(() => ({ hang: true }));
    const slow = await cli(base('--data', NVDA, '--timeout-ms', '300', '--json'), { OPENROUTER_API_KEY: KEY });
    expect(slow.status).toBe(1);
    expect(slow.stderr).toMatch(/\[LLM_TIMEOUT\] \[TIMEOUT\]/);
    rmSync(dataDir, { recursive: true, force: true });

    server.respond((r) => ({ body: completion(JSON.stringify(validAnswer(r)), { cost: 0.003 }) }));
    const args = base('--data', NVDA, '--max-requests-per-day', '1', '--json');
    expect((await cli(args, { OPENROUTER_API_KEY: KEY })).status).toBe(0);
    const second = await cli(args, { OPENROUTER_API_KEY: KEY });
    expect(second.status).toBe(1);
    expect(second.stderr).toMatch(/limit of 1 LLM requests.*\[LLM_LIMIT\] \[FORBIDDEN\]/);
  });

  it('refuses a malformed answer and bad flags', async () => {
    server.respond(() => ({ body: completion('{"analysis":"up","outlook":"moon","confidence":2,"proposals":[]}') }));
    const bad = await cli(base('--data', NVDA, '--json'), { OPENROUTER_API_KEY: KEY });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/does not fit the schema.*\[LLM_BAD_ANSWER\] \[INTERNAL\]/);
    const flag = await cli(base('--data', NVDA, '--position', 'lots'), { OPENROUTER_API_KEY: KEY });
    expect(flag.status).toBe(2);
    expect(flag.stderr).toMatch(/--position must be QTY@PRICE/);
  });
});
