import { join } from 'node:path';

/**
 * The recorded Alpaca payloads the exchange is built to. A copy lives in the repository (tests/fixtures), so a
 * clean clone tests the same way wherever it is checked out; ALPACA_CONTRACT_DIR points at another copy.
 */
export const CONTRACT_DIR = process.env.ALPACA_CONTRACT_DIR ?? join(__dirname, '..', 'fixtures', 'alpaca-contract');
