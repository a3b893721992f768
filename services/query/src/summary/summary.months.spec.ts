import { wholeMonths } from './summary.months';

describe('wholeMonths', () => {
  it.each([
    // the default window: 1 January of the previous year to today
    ['2025-01-01', '2026-12-04', '2025-01-01', '2026-12-01'],
    // starts mid-month: that month is read by day
    ['2025-01-15', '2025-04-30', '2025-02-01', '2025-05-01'],
    // ends on a month's last day, leap and not
    ['2024-02-01', '2024-02-29', '2024-02-01', '2024-03-01'],
    ['2023-02-01', '2023-02-28', '2023-02-01', '2023-03-01'],
    // crosses a year on both ends
    ['2024-12-02', '2026-01-31', '2025-01-01', '2026-02-01'],
    ['2024-12-01', '2025-12-31', '2024-12-01', '2026-01-01'],
    // the last representable December is read by day
    ['9999-01-01', '9999-12-31', '9999-01-01', '9999-12-01'],
    ['0000-01-01', '0000-01-31', '0000-01-01', '0000-02-01'],
    // year 0 is a leap year (proleptic Gregorian), 1900 is not
    ['0000-02-01', '0000-02-29', '0000-02-01', '0000-03-01'],
  ])('%s..%s has whole months [%s, %s)', (from, to, monthsFrom, until) => {
    expect(wholeMonths({ from, to })).toEqual({ from: monthsFrom, until });
  });

  it.each([
    ['2025-03-02', '2025-03-30'],
    ['2025-03-01', '2025-03-30'],
    ['2025-03-02', '2025-03-31'],
    ['2025-03-20', '2025-04-10'],
    ['2025-03-05', '2025-03-05'],
    ['2025-12-31', '2026-01-01'],
    ['2024-02-01', '2024-02-28'],
  ])('%s..%s has no whole month: an empty range at its start', (from, to) => {
    expect(wholeMonths({ from, to })).toEqual({ from, until: from });
  });

  it('reads by month exactly the days whose whole month lies in the window (random windows)', () => {
    const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const day = (n: number) => iso(Date.UTC(2024, 0, 1) + n * 86_400_000);
    let seed = 7;
    const next = () => (seed = (seed * 48_271) % 2_147_483_647);
    const wrong: string[] = [];
    for (let i = 0; i < 300; i++) {
      const a = next() % 900;
      const window = { from: day(a), to: day(a + (next() % 400)) };
      const months = wholeMonths(window);
      for (let n = a, d = window.from; d <= window.to; d = day(++n)) {
        const [y, m] = d.split('-').map(Number) as [number, number];
        const monthInside = `${d.slice(0, 7)}-01` >= window.from && iso(Date.UTC(y, m, 0)) <= window.to;
        if (monthInside !== (d >= months.from && d < months.until))
          wrong.push(`${window.from}..${window.to}: ${d}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
