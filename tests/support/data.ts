import { join } from 'node:path';

/**
 * Real daily prices (Yahoo format) for tests and benchmarks. A copy of ../shared/data/yahoo-daily lives in the
 * repository so a clean clone tests the same way anywhere; YAHOO_DAILY_DIR points at another copy.
 */
export const YAHOO_DAILY_DIR = process.env.YAHOO_DAILY_DIR ?? join(__dirname, '..', 'fixtures', 'yahoo-daily');
