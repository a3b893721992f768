import type { DateWindow } from '../shared/list-query';

/**
 * The whole calendar months of a window, as first days: `[from, until)`. The summary reads these
 * months from the monthly roll-up and every other day of the window from the daily aggregate. A
 * window without a whole month gives an empty range at `window.from`, so every day is read daily.
 */
export interface MonthRange {
  from: string;
  until: string;
}

const LAST_YEAR = 9999;

const firstDay = (year: number, month: number) =>
  `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-01`;

function daysIn(year: number, month: number): number {
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC: the latter reads years 0–99 as 1900–1999.
  date.setUTCFullYear(year, month, 0);
  return date.getUTCDate();
}

/** Pure: `window` holds ISO dates (YYYY-MM-DD, years 0000–9999) with from ≤ to. */
export function wholeMonths(window: DateWindow): MonthRange {
  const [fromYear, fromMonth, fromDay] = window.from.split('-').map(Number) as [number, number, number];
  const [toYear, toMonth, toDay] = window.to.split('-').map(Number) as [number, number, number];
  const start =
    fromDay === 1
      ? window.from
      : fromMonth === 12
        ? firstDay(fromYear + 1, 1)
        : firstDay(fromYear, fromMonth + 1);
  const endsMonth = toDay === daysIn(toYear, toMonth);
  // A window ending on 9999-12-31 reads that December by day rather than name a year 10000.
  const until =
    endsMonth && !(toYear === LAST_YEAR && toMonth === 12)
      ? toMonth === 12
        ? firstDay(toYear + 1, 1)
        : firstDay(toYear, toMonth + 1)
      : firstDay(toYear, toMonth);
  return start < until ? { from: start, until } : { from: window.from, until: window.from };
}
