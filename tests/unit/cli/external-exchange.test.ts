import { describe, expect, it } from 'vitest';
import { parseCli } from '../../../src-main/cli/args.js';
import { externalExchangeEndpoints } from '../../../src-main/cli/external-exchange.js';

const keys = { WORKSTATION_EXCHANGE_KEY_ID: 'PKTESTTESTTESTTEST12', WORKSTATION_EXCHANGE_SECRET_KEY: 'secret-of-forty-characters-0123456789ab' };

describe('host --exchange-url', () => {
  it('is parsed for host', () => {
    expect(parseCli(['host', '--exchange-url', 'http://127.0.0.1:8100']).exchangeUrl).toBe('http://127.0.0.1:8100');
    expect(parseCli(['host']).exchangeUrl).toBeUndefined();
  });

  it("lays out the local exchange's endpoints on the URL's origin, with the key pair from the environment", () => {
    expect(externalExchangeEndpoints('http://127.0.0.1:8100', keys)).toEqual({
      tradingUrl: 'http://127.0.0.1:8100',
      dataUrl: 'http://127.0.0.1:8100',
      streamUrl: 'ws://127.0.0.1:8100/stream',
      marketDataStreamUrl: 'ws://127.0.0.1:8100/v2/iex',
      optionStreamUrl: 'ws://127.0.0.1:8100/v1beta1/indicative',
      keys: { keyId: keys.WORKSTATION_EXCHANGE_KEY_ID, secret: keys.WORKSTATION_EXCHANGE_SECRET_KEY },
    });
    expect(externalExchangeEndpoints('http://localhost:9/', keys).streamUrl).toBe('ws://localhost:9/stream');
  });

  it('refuses a remote, https or pathful URL, and a missing key pair, saying what to give', () => {
    for (const url of ['http://10.0.0.5:8100', 'https://127.0.0.1:8100', 'https://paper-api.alpaca.markets', 'http://127.0.0.1:8100/v2', 'not a url']) {
      expect(() => externalExchangeEndpoints(url, keys), url).toThrow(/--exchange-url/);
    }
    expect(() => externalExchangeEndpoints('http://127.0.0.1:8100', {})).toThrow(/WORKSTATION_EXCHANGE_KEY_ID and WORKSTATION_EXCHANGE_SECRET_KEY/);
  });
});
