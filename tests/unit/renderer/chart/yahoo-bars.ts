// Real daily bars for the chart's unit tests: ORCL 1995-2014 (about 5,000 bars) from the vendored Yahoo files.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseYahooCsv } from '../../../../src-main/history/csv/yahoo.js';
import type { Bar } from '../../../../src-shared/domain/bar.js';
import { YAHOO_DAILY_DIR } from '../../../support/data.js';

export function loadYahooBars(file = 'orcl-1995-2014.txt'): Bar[] {
  const path = join(YAHOO_DAILY_DIR, file);
  return parseYahooCsv(readFileSync(path, 'utf8'), path).map(({ t, o, h, l, c, v }) => ({ t, o, h, l, c, v }));
}
