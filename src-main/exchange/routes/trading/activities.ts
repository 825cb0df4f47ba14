import type { Account } from '../../broker/account.js';
import { invalidInput } from '../../broker/errors.js';
import type { Activity } from '../../broker/model.js';
import { nyTime } from '../../market/ny-time.js';
import { directionParam, intParam, listParam, timeParam } from './query.js';

/**
 * GET /v2/account/activities: the account's FILL activities and the non-trade activities of option exercise,
 * assignment and expiry (a non-trade activity has a date, not a time: it counts as that date's close), the kinds a
 * paper account without transfers or dividends produces; filtered and paged; page_token is the id of the last
 * activity of the previous page.
 */
export function activities(account: Account, query: URLSearchParams, pathType: string | undefined): Activity[] {
  const types = pathType ? [pathType] : listParam(query, 'activity_types');
  const date = query.get('date');
  const after = timeParam(query, 'after');
  const until = timeParam(query, 'until');
  const direction = directionParam(query);
  const pageSize = intParam(query, 'page_size', 100, date ? 10_000 : 100);
  const token = query.get('page_token');
  let list = account.activities.filter((activity) => {
    if (types && !types.includes(activity.activity_type)) return false;
    const t = activity.activity_type === 'FILL' ? Date.parse(activity.transaction_time) : nyTime(activity.date, 16);
    if (date && !(activity.activity_type === 'FILL' ? activity.transaction_time : activity.date).startsWith(date)) return false;
    if (after !== undefined && t <= after) return false;
    if (until !== undefined && t >= until) return false;
    return true;
  });
  if (direction === 'desc') list = [...list].reverse();
  if (token) {
    const index = list.findIndex((activity) => activity.id === token);
    if (index < 0) throw invalidInput('invalid page_token');
    list = list.slice(index + 1);
  }
  return list.slice(0, pageSize);
}
