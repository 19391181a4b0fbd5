// When a conversation was last used, as the history's list says it in the
// page's language: "Just now", "5 min. ago", "yesterday", "3 days ago", then a
// short date ("Nov 9", or "Oct 25, 2025" in another year).

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

/** The relative wording; undefined under a minute (the page says "Just now" in its own words). */
export function relativeTime(at: number, now: number, language: string): string | undefined {
  const ago = Math.max(0, now - at);
  if (ago < minute) return undefined;
  const relative = new Intl.RelativeTimeFormat(language, { numeric: 'auto', style: 'short' });
  if (ago < hour) return relative.format(-Math.floor(ago / minute), 'minute');
  if (ago < day) return relative.format(-Math.floor(ago / hour), 'hour');
  const days = calendarDaysBetween(at, now);
  if (days < 7) return relative.format(-Math.max(1, days), 'day');
  const sameYear = new Date(at).getFullYear() === new Date(now).getFullYear();
  return new Intl.DateTimeFormat(language, {
    month: 'short',
    day: 'numeric',
    ...(sameYear ? {} : { year: 'numeric' }),
  }).format(at);
}

/** The full date and time, for the row's tooltip. */
export function fullTime(at: number, language: string): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'full', timeStyle: 'short' }).format(at);
}

/** Midnights between two moments, in local time: yesterday evening is "yesterday" this morning. */
function calendarDaysBetween(at: number, now: number): number {
  const start = new Date(at);
  const end = new Date(now);
  const midnight = (date: Date) => new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
  return Math.round((midnight(end) - midnight(start)) / day);
}
