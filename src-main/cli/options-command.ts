// `workstation options price|iv|payoff`: the options library from the command line, one case from flags or many
// from a JSON-lines file. Pure computation: no data dir, no services.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CodedError } from '../../src-shared/ipc/errors.js';
import {
  analysePosition,
  impliedVol,
  LEG_SYNTAX,
  type Leg,
  type Market,
  OptionsError,
  parseLeg,
  payoffCurve,
  positionGreeks,
  priceOption,
  bsmPrice,
  type OptionInputs,
  type OptionStyle,
} from '../../src-shared/options/index.js';

export const OPTIONS_HELP = `workstation options <price|iv|payoff|chain> [options]

  price    Price and greeks of one option (flags) or of each line of --input.
  iv       Implied volatility from --price (flags) or from each line of --input.
  payoff   A multi-leg position: P/L points, breakevens, max profit and loss,
           probability of profit, value and greeks.
  chain    An underlying's chain from the current mode's data (see options chain --help).

price / iv:
  --style european|american   (default european; American by the Andersen-Lake-Offengelden method)
  --right call|put  --spot S  --strike K  --years T (calendar days / 365)
  --rate R  --dividend Q       (yearly, continuous; default 0; a negative one as --rate=-0.01)
  --vol V                      price: volatility (0.25 for 25%)
  --price P                    iv: the option's price
  --input FILE                 one JSON object per line with the same fields, e.g.
                               {"style":"american","right":"put","spot":100,"strike":95,"years":0.5,"rate":0.04,"vol":0.3}
  --json                       one JSON object per case, in input order:
                               price: {price, delta, gamma, vega, theta, rho}; iv: {vol}
  Greeks use Alpaca's units: delta and gamma per 1.00 of the underlying, vega per vol point (0.01),
  theta per calendar day, rho per rate point (0.01). A bad line prints FILE:LINE: reason on stderr (and
  {"error":{code,message},"file","line"} in its place with --json); the exit code is then 1.

payoff:
  --leg LEG (repeat)   ${LEG_SYNTAX}
  --spot S  --rate R  --dividend Q
  --years T  --vol V   defaults for legs that name none
  --at T               analyse T years from now (default: the first expiry)
  --from S --to S --points N   the P/L points (default spot x0.5 to x1.5, 41 points)
  --json
  P/L in dollars (an option contract is 100 shares); max loss is negative; a leg with no @PRICE is priced
  by Black-Scholes-Merton at its volatility; probability of profit is lognormal at the legs' volatility.
`;

const SUBCOMMANDS = ['price', 'iv', 'payoff', 'chain'] as const;

export async function runOptionsCommand(argv: string[]): Promise<number> {
  const sub = argv[0];
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    process.stdout.write(OPTIONS_HELP);
    return 0;
  }
  if (!(SUBCOMMANDS as readonly string[]).includes(sub)) throw new CodedError('BAD_REQUEST', `unknown options command "${sub}" (price, iv, payoff or chain; see workstation options --help)`);
  if (sub === 'chain') return (await import('./options-chain-command.js')).runChainCommand(argv.slice(1));
  let parsed;
  try {
    parsed = parseArgs({
      args: argv.slice(1),
      strict: true,
      options: {
        style: { type: 'string' },
        right: { type: 'string' },
        spot: { type: 'string' },
        strike: { type: 'string' },
        years: { type: 'string' },
        rate: { type: 'string' },
        dividend: { type: 'string' },
        vol: { type: 'string' },
        price: { type: 'string' },
        input: { type: 'string' },
        leg: { type: 'string', multiple: true },
        at: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        points: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new CodedError('BAD_REQUEST', `${error instanceof Error ? error.message : String(error)} (see workstation options --help)`);
  }
  const v = parsed.values;
  if (v.help) {
    process.stdout.write(OPTIONS_HELP);
    return 0;
  }
  try {
    if (sub === 'payoff') return payoff(v);
    return priceOrIv(sub as 'price' | 'iv', v);
  } catch (error) {
    if (error instanceof OptionsError) throw new CodedError('BAD_REQUEST', `${error.message} [${error.code}]`);
    throw error;
  }
}

type Flags = Record<string, string | boolean | string[] | undefined>;

function flagNumber(v: Flags, name: string, fallback?: number): number {
  const raw = v[name];
  if (raw === undefined) {
    if (fallback !== undefined) return fallback;
    throw new CodedError('BAD_REQUEST', `--${name} is required (see workstation options --help)`);
  }
  const n = Number(raw);
  if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(n)) throw new CodedError('BAD_REQUEST', `--${name} must be a number, got "${String(raw)}"`);
  return n;
}

interface Case extends Omit<OptionInputs, 'vol'> {
  style: OptionStyle;
  vol?: number;
  price?: number;
}

const FIELDS = ['style', 'right', 'spot', 'strike', 'years', 'rate', 'dividend', 'vol', 'price'] as const;

/** One input line to a case, or a reason it is not one. */
function caseFromJson(text: string, kind: 'price' | 'iv'): Case {
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch (error) {
    throw new OptionsError('OPTION_BAD_INPUT', `not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) throw new OptionsError('OPTION_BAD_INPUT', 'each line must be one JSON object');
  const o = obj as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!(FIELDS as readonly string[]).includes(key)) throw new OptionsError('OPTION_BAD_INPUT', `unknown field "${key}" (fields: ${FIELDS.join(', ')})`);
  }
  const numberField = (key: string, fallback?: number): number => {
    const value = o[key];
    if (value === undefined && fallback !== undefined) return fallback;
    if (value === undefined) throw new OptionsError('OPTION_BAD_INPUT', `missing "${key}"`);
    if (typeof value !== 'number') throw new OptionsError('OPTION_BAD_INPUT', `"${key}" must be a number, got ${JSON.stringify(value)}`);
    return value;
  };
  const style = o.style ?? 'european';
  if (style !== 'european' && style !== 'american') throw new OptionsError('OPTION_BAD_INPUT', `"style" must be "european" or "american", got ${JSON.stringify(style)}`);
  if (o.right !== 'call' && o.right !== 'put') throw new OptionsError('OPTION_BAD_INPUT', `"right" must be "call" or "put", got ${JSON.stringify(o.right)}`);
  const c: Case = {
    style,
    right: o.right,
    spot: numberField('spot'),
    strike: numberField('strike'),
    years: numberField('years'),
    rate: numberField('rate', 0),
    dividend: numberField('dividend', 0),
  };
  if (kind === 'price') c.vol = numberField('vol');
  else c.price = numberField('price');
  return c;
}

function caseFromFlags(v: Flags, kind: 'price' | 'iv'): Case {
  const style = (v.style as string | undefined) ?? 'european';
  if (style !== 'european' && style !== 'american') throw new CodedError('BAD_REQUEST', `--style must be european or american, got "${style}"`);
  const right = v.right;
  if (right !== 'call' && right !== 'put') throw new CodedError('BAD_REQUEST', `--right must be call or put${right === undefined ? ' (required)' : `, got "${String(right)}"`}`);
  const c: Case = {
    style,
    right,
    spot: flagNumber(v, 'spot'),
    strike: flagNumber(v, 'strike'),
    years: flagNumber(v, 'years'),
    rate: flagNumber(v, 'rate', 0),
    dividend: flagNumber(v, 'dividend', 0),
  };
  if (kind === 'price') c.vol = flagNumber(v, 'vol');
  else c.price = flagNumber(v, 'price');
  return c;
}

function solve(c: Case, kind: 'price' | 'iv'): Record<string, number> {
  if (kind === 'price') {
    const g = priceOption({ ...c, vol: c.vol! });
    return { price: g.price, delta: g.delta, gamma: g.gamma, vega: g.vega, theta: g.theta, rho: g.rho };
  }
  return { vol: impliedVol({ ...c, price: c.price! }) };
}

function show(result: Record<string, number>): string {
  return Object.entries(result)
    .map(([k, x]) => `${k} ${x.toFixed(k === 'vol' ? 10 : 6)}`)
    .join('  ');
}

function priceOrIv(kind: 'price' | 'iv', v: Flags): number {
  const json = v.json === true;
  const file = v.input as string | undefined;
  if (file === undefined) {
    const result = solve(caseFromFlags(v, kind), kind);
    process.stdout.write(json ? `${JSON.stringify(result)}\n` : `${show(result)}\n`);
    return 0;
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CodedError('BAD_REQUEST', `cannot read --input ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const lines = text.split(/\r?\n/);
  let failed = 0;
  const out: string[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      const result = solve(caseFromJson(line, kind), kind);
      out.push(json ? JSON.stringify(result) : show(result));
    } catch (error) {
      if (!(error instanceof OptionsError)) throw error;
      failed++;
      process.stderr.write(`${file}:${i + 1}: ${error.message} [${error.code}]\n`);
      out.push(json ? JSON.stringify({ error: { code: error.code, message: error.message }, file, line: i + 1 }) : `${file}:${i + 1}: error: ${error.message}`);
    }
  });
  if (out.length > 0) process.stdout.write(`${out.join('\n')}\n`);
  return failed === 0 ? 0 : 1;
}

function payoff(v: Flags): number {
  const raws = (v.leg as string[] | undefined) ?? [];
  if (raws.length === 0) throw new CodedError('BAD_REQUEST', `options payoff needs at least one --leg ${LEG_SYNTAX}`);
  const market: Market = { spot: flagNumber(v, 'spot'), rate: flagNumber(v, 'rate', 0), dividend: flagNumber(v, 'dividend', 0) };
  if (!(market.spot > 0)) throw new CodedError('BAD_REQUEST', `--spot must be above 0, got ${market.spot}`);
  const defaultYears = v.years === undefined ? undefined : flagNumber(v, 'years');
  const defaultVol = v.vol === undefined ? undefined : flagNumber(v, 'vol');
  const legs: Leg[] = raws.map((raw, i) => {
    const spec = parseLeg(raw);
    if (spec.kind === 'stock') return { kind: 'stock', side: spec.side, quantity: spec.quantity, premium: spec.premium!, ...(spec.multiplier !== undefined ? { multiplier: spec.multiplier } : {}) };
    const years = spec.years ?? defaultYears;
    const vol = spec.vol ?? defaultVol;
    if (years === undefined) throw new CodedError('BAD_REQUEST', `leg ${i + 1} "${raw}" has no expiry: add years=T to it or give --years`);
    if (vol === undefined) throw new CodedError('BAD_REQUEST', `leg ${i + 1} "${raw}" has no volatility: add vol=V to it or give --vol`);
    const premium = spec.premium ?? (years > 0 && vol > 0 && spec.strike! > 0 ? bsmPrice(spec.kind === 'call', market.spot, spec.strike!, years, market.rate, market.dividend, vol) : 0);
    return { kind: spec.kind, side: spec.side, quantity: spec.quantity, strike: spec.strike!, years, vol, premium, ...(spec.multiplier !== undefined ? { multiplier: spec.multiplier } : {}) };
  });
  const at = v.at === undefined ? undefined : flagNumber(v, 'at');
  const analysis = analysePosition(legs, market, at);
  const from = flagNumber(v, 'from', market.spot * 0.5);
  const to = flagNumber(v, 'to', market.spot * 1.5);
  const count = flagNumber(v, 'points', 41);
  if (!Number.isInteger(count) || count < 1 || count > 100_000) throw new CodedError('BAD_REQUEST', `--points must be an integer from 1 to 100000, got ${count}`);
  const points = payoffCurve(legs, market, analysis.years, from, to, count);
  const g = positionGreeks(legs, market);
  const report = {
    ...analysis,
    value: g.price,
    greeks: { delta: g.delta, gamma: g.gamma, vega: g.vega, theta: g.theta, rho: g.rho },
    legs: legs.map((l) => ({ ...l })),
    points,
  };
  if (v.json === true) {
    process.stdout.write(`${JSON.stringify(report)}\n`);
    return 0;
  }
  const money = (x: number | 'unbounded'): string => (x === 'unbounded' ? 'unbounded' : x.toFixed(2));
  process.stdout.write(
    `at ${analysis.years.toFixed(4)} years: net premium ${analysis.netPremium.toFixed(2)} (${analysis.netPremium >= 0 ? 'debit' : 'credit'})\n` +
      `breakevens ${analysis.breakevens.map((b) => b.toFixed(4)).join(', ') || 'none'}\n` +
      `max profit ${money(analysis.maxProfit)}  max loss ${money(analysis.maxLoss)}  probability of profit ${(analysis.probabilityOfProfit * 100).toFixed(2)}% (vol ${analysis.vol.toFixed(4)})\n` +
      `value ${g.price.toFixed(2)}  delta ${g.delta.toFixed(4)}  gamma ${g.gamma.toFixed(4)}  vega ${g.vega.toFixed(4)}  theta ${g.theta.toFixed(4)}  rho ${g.rho.toFixed(4)}\n` +
      points.map((p) => `${p.spot.toFixed(4).padStart(12)}  ${p.pnl.toFixed(2).padStart(12)}`).join('\n') +
      '\n',
  );
  return 0;
}
