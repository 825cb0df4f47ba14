import type { MarketSession } from '../risk/risk-types.js';
import type { VenueClock } from './venue.js';

const NY = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', hourCycle: 'h23', weekday: 'short', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });

function nyParts(t: number): { day: string; weekday: string; minutes: number } {
  const parts = Object.fromEntries(NY.formatToParts(new Date(t)).map((p) => [p.type, p.value]));
  return { day: `${parts.year}-${parts.month}-${parts.day}`, weekday: parts.weekday ?? '', minutes: Number(parts.hour) * 60 + Number(parts.minute) };
}

/**
 * The session from the broker's clock: regular when it says open; otherwise pre-market (4:00-9:30) on a day whose
 * next open is today, post-market (16:00-20:00) on a weekday whose regular session has closed, closed otherwise.
 */
export function sessionOf(clock: VenueClock): MarketSession {
  if (clock.isOpen) return 'regular';
  const now = nyParts(clock.now);
  if (now.weekday === 'Sat' || now.weekday === 'Sun') return 'closed';
  const nextOpen = nyParts(clock.nextOpen);
  if (now.minutes >= 4 * 60 && now.minutes < 9 * 60 + 30) return nextOpen.day === now.day ? 'pre' : 'closed';
  if (now.minutes >= 16 * 60 && now.minutes < 20 * 60) return nextOpen.day !== now.day ? 'post' : 'closed';
  return 'closed';
}
