/** Period labels as partners publish them, parsed to dates so that any two can be ordered. */
export interface Period {
  label: string;
  kind: 'calendar_year' | 'financial_year' | 'school_year' | 'multi_year' | 'quarter' | 'month';
  start: string; // YYYY-MM-DD
  end: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
const date = (year: number, month: number, day: number) => `${year}-${pad(month)}-${pad(day)}`;

/** Returns null when the label is not one of the accepted forms (see data/templates/README.md). */
export function parsePeriod(raw: string): Period | null {
  const label = raw.trim();
  let m: RegExpMatchArray | null;
  if ((m = label.match(/^(\d{4})$/))) {
    const y = Number(m[1]);
    return { label, kind: 'calendar_year', start: date(y, 1, 1), end: date(y, 12, 31) };
  }
  // Financial (April–March) and school (August–July) years: 2019/20; the second part must follow the first.
  if ((m = label.match(/^(AY)?(\d{4})\/(\d{2})$/))) {
    const y = Number(m[2]);
    if ((y + 1) % 100 !== Number(m[3])) return null;
    return m[1]
      ? { label, kind: 'school_year', start: date(y, 8, 1), end: date(y + 1, 7, 31) }
      : { label, kind: 'financial_year', start: date(y, 4, 1), end: date(y + 1, 3, 31) };
  }
  // Runs of financial or school years, e.g. 2014/15-2017/18 or AY2015/16-2017/18 (pooled data).
  if ((m = label.match(/^(AY)?(\d{4})\/(\d{2})-(\d{4})\/(\d{2})$/))) {
    const from = Number(m[2]);
    const to = Number(m[4]);
    if ((from + 1) % 100 !== Number(m[3]) || (to + 1) % 100 !== Number(m[5]) || to <= from || to - from > 20) return null;
    return m[1]
      ? { label, kind: 'multi_year', start: date(from, 8, 1), end: date(to + 1, 7, 31) }
      : { label, kind: 'multi_year', start: date(from, 4, 1), end: date(to + 1, 3, 31) };
  }
  if ((m = label.match(/^(\d{4})-(\d{4})$/))) {
    const from = Number(m[1]);
    const to = Number(m[2]);
    if (to <= from || to - from > 20) return null;
    return { label, kind: 'multi_year', start: date(from, 1, 1), end: date(to, 12, 31) };
  }
  if ((m = label.match(/^(\d{4})Q([1-4])$/))) {
    const y = Number(m[1]);
    const q = Number(m[2]);
    return { label, kind: 'quarter', start: date(y, q * 3 - 2, 1), end: date(y, q * 3, lastDay(y, q * 3)) };
  }
  if ((m = label.match(/^(\d{4})-(\d{2})$/))) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    if (mo < 1 || mo > 12) return null;
    return { label, kind: 'month', start: date(y, mo, 1), end: date(y, mo, lastDay(y, mo)) };
  }
  return null;
}

export const PERIOD_FORMS = "'2019', '2019/20', 'AY2019/20', '2017-2019', '2014/15-2017/18', 'AY2015/16-2017/18', '2020Q1' or '2020-03'";
