const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const timeOnly = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

/** "14:05" today, "3 Mar 2025, 14:05" otherwise. */
export function formatWhen(at: number, now: number = Date.now()): string {
  const a = new Date(at);
  const b = new Date(now);
  const sameDay = a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
  return sameDay ? `today ${timeOnly.format(a)}` : dateTime.format(a);
}

export const isoOf = (at: number): string => new Date(at).toISOString();
