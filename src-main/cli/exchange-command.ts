import { startExchange } from '../exchange/exchange.js';
import { CONTROL_TOKEN_HEADER } from '../exchange/server/control-api.js';
import type { CliOptions } from './args.js';
import { EXCHANGE_KEY_ID_ENV, EXCHANGE_SECRET_ENV } from './external-exchange.js';

/**
 * `workstation exchange`: the local exchange on its own, for trying an Alpaca client against it. The key pair
 * is made fresh at each start; the control token guards the fault-injection API.
 */
export async function exchange(options: CliOptions): Promise<void> {
  const replay = options.replay.length > 0 ? options.replay : undefined;
  const running = await startExchange({ port: options.port ?? 0, seed: options.seed, speed: options.speed, ...(replay ? { replay } : {}) });
  const market = replay ? `replaying ${replay.map((r) => r.symbol).join(', ')} from ${new Date(running.clock.now()).toISOString()}` : 'synthetic market';
  process.stdout.write(
    `Local Alpaca-compatible exchange (${market}; seed ${options.seed}, speed ${options.speed})\n\n` +
      `  trading URL        ${running.tradingUrl}\n` +
      `  data URL           ${running.dataUrl}\n` +
      `  trade updates      ${running.streamUrl}\n` +
      `  stock stream       ${running.marketDataStreamUrl}\n` +
      `  option stream      ${running.optionStreamUrl}\n` +
      `  news stream        ${running.newsStreamUrl}\n\n` +
      `  APCA_API_KEY_ID=${running.keys.keyId}\n` +
      `  APCA_API_SECRET_KEY=${running.keys.secret}\n\n` +
      `  control token      ${running.controlToken}\n` +
      `  (send it as ${CONTROL_TOKEN_HEADER} to ${running.tradingUrl}/__exchange/...)\n\n` +
      `Demo trading against it from the workstation:\n` +
      `  ${EXCHANGE_KEY_ID_ENV}=${running.keys.keyId} ${EXCHANGE_SECRET_ENV}=${running.keys.secret} \\\n` +
      `    workstation host --exchange-url ${running.tradingUrl}\n\n` +
      `Press Ctrl+C to stop.\n`,
  );
  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await running.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}
