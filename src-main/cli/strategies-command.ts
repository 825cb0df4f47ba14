// `workstation strategies [--json]`: every strategy the workstation ships, with its family, the data it needs, the
// fewest symbols it trades and its parameters (defaults and search ranges). Pure listing: no data dir, no services.
import { parseArgs } from 'node:util';
import { CodedError } from '../../src-shared/ipc/errors.js';
import { paramSpace, type ParamSpace } from '../kernel/strategy/params.js';
import type { DataNeed, StrategyDefinition, StrategyFamily } from '../kernel/strategy/types.js';
import { STRATEGIES } from '../strategies/index.js';
import type { OptionStrategyDefinition } from '../kernel/strategy/options.js';
import { OPTION_STRATEGIES } from '../strategies/options/index.js';

export const STRATEGIES_HELP = `workstation strategies [--json]

  Lists every strategy: its name (the id --strategy and bots take), family, description, the data it
  needs (bars, quotes, trades, options, news), the fewest symbols it trades, its bar timeframe and its
  parameters with default and search range (set one with --param name=value on backtest and friends).
  --json   one JSON document: {"strategies": [{name, family, description, needs, minSymbols, timeframe, params}]}
`;

export interface StrategyListing {
  name: string;
  family: StrategyFamily;
  description: string;
  needs: DataNeed[];
  minSymbols: number;
  timeframe: string;
  params: ParamSpace[];
}

export function listStrategies(strategies: Iterable<StrategyDefinition> = STRATEGIES.values()): StrategyListing[] {
  return [...strategies].map((d) => ({
    name: d.name,
    family: d.family ?? 'stock',
    description: d.description,
    needs: [...(d.needs ?? ['bars'])],
    minSymbols: d.minSymbols ?? 1,
    timeframe: d.timeframe,
    params: paramSpace(d.params),
  }));
}

/** The OptionsBot strategies (and the ArbitrageBot's option ones): daily bars of one underlying and its chain. */
export function listOptionStrategies(strategies: Iterable<OptionStrategyDefinition> = OPTION_STRATEGIES.values()): StrategyListing[] {
  return [...strategies].map((d) => ({ name: d.name, family: d.family, description: d.description, needs: [...d.needs], minSymbols: 1, timeframe: '1Day', params: paramSpace(d.params) }));
}

function paramText(p: ParamSpace): string {
  const range = p.kind === 'number' ? `${p.min}..${p.max}${p.integer ? ' (whole)' : ''}` : p.kind === 'enum' ? p.options.join('|') : 'true|false';
  return `    ${p.name.padEnd(20)} ${String(p.default).padEnd(12)} ${range.padEnd(24)} ${p.description ?? ''}`.trimEnd();
}

export function strategiesText(list: readonly StrategyListing[]): string {
  const blocks = list.map((s) =>
    [
      `${s.name}  [${s.family}]  needs ${s.needs.join(', ')}; ${s.minSymbols}+ symbol${s.minSymbols === 1 ? '' : 's'}; ${s.timeframe} bars`,
      `  ${s.description}`,
      `    ${'parameter'.padEnd(20)} ${'default'.padEnd(12)} ${'range'.padEnd(24)} meaning`,
      ...s.params.map(paramText),
    ].join('\n'),
  );
  return `${blocks.join('\n\n')}\n`;
}

export function runStrategiesCommand(argv: string[]): number {
  let values: { json?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({ args: argv, options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false }));
  } catch (e) {
    throw new CodedError('BAD_REQUEST', `${e instanceof Error ? e.message : String(e)} (see: workstation strategies --help)`);
  }
  if (values.help) {
    process.stdout.write(STRATEGIES_HELP);
    return 0;
  }
  const list = [...listStrategies(), ...listOptionStrategies()];
  process.stdout.write(values.json ? `${JSON.stringify({ strategies: list }, null, 2)}\n` : strategiesText(list));
  return 0;
}
