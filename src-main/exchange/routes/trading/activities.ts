import type { Account } from '../../broker/account.js';
import { invalidInput } from '../../broker/errors.js';
import type { FillActivity } from '../../broker/model.js';
import { directionParam, intParam, listParam, timeParam } from './query.js';

/**
 * GET /v2/account/activities: the account's FILL activities (the only kind a paper account without transfers or
 * dividends produces), filtered and paged; page_token is the id of the last activity of the previous page.
 */
export function activities(account: Account, query: URLSearchParams, pathType: string | undefined): FillActivity[] {
  const types = pathType ? [pathType] : listParam(query, 'activity_types');
  const date = query.get('date');
  const after = timeParam(query, 'after');
  const until = timeParam(query, 'until');
  const direction = directionParam(query);
  const pageSize = intParam(query, 'page_size', 100, date ? 10_000 : 100);
  const token = query.get('page_token');
  let list = account.activities.filter((activity) => {
    if (types && !types.includes(activity.activity_type)) return false;
    const t = Date.parse(activity.transaction_time);
    if (date && !activity.transaction_time.startsWith(date)) return false;
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
