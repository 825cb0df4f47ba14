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
    // An unhandled rejection or uncaught error anywhere in a test file fails the run (exit 1, "Unhandled Rejection"),
    // even when every test passed: checked with a test that only leaves `Promise.reject(...).finally()` behind. Never
    // turn this off. Child processes the tests spawn (hosts, order children) install no handler, so Node's default
    // kills them with exit code 1 and the stack on stderr; their tests expect another exit (SIGKILL, 0) and notice.
    dangerouslyIgnoreUnhandledErrors: false,
    // Tests (and the hosts they spawn, which inherit this) never read or write the developer's real Alpaca
    // keys: their own keychain service name, and no APCA_* keys from the shell.
    // The demo clock is simulated from the latest regular open at any hour: on wall time in pre-market or after
    // hours a market order rests until the open, and tests that fill one would pass or fail by the time of day.
    // Hosts and Electron the tests spawn start no demo bots on their fresh data folders (tests/e2e/demo-alive turns them on).
    env: { WORKSTATION_DEMO_BOTS: 'off', WORKSTATION_KEYCHAIN_SERVICE: 'alpaca-workstation-tests', APCA_API_KEY_ID: '', APCA_API_SECRET_KEY: '', WORKSTATION_DEMO_CLOCK: 'simulated' },
  },
});
