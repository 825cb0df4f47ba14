import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores here: browser tests in parallel with everything else only make both slower and flakier.
    fileParallelism: true,
    maxWorkers: 2,
    // Tests (and the hosts they spawn, which inherit this) never read or write the developer's real Alpaca
    // keys: their own keychain service name, and no APCA_* keys from the shell.
    env: { WORKSTATION_KEYCHAIN_SERVICE: 'alpaca-workstation-tests', APCA_API_KEY_ID: '', APCA_API_SECRET_KEY: '' },
  },
});
