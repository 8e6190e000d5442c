import type { ProfileItem } from './profile.ts';

const list = (titles: string[]) => (titles.length <= 1 ? titles.join('') : `${titles.slice(0, -1).join(', ')} and ${titles.at(-1)}`);
/** The first three, and how many more. */
const few = (titles: string[]) => (titles.length <= 3 ? list(titles) : `${titles.slice(0, 3).join('; ')}; and ${titles.length - 3} more`);
// Lower-case the first word only when it is an ordinary word (not an acronym or a proper noun such as Scottish).
const PROPER = /^(Scottish|Scotland|SIMD|NHS|Council|SCQF|GP)\b/;
const lowerFirst = (s: string) => (PROPER.test(s) || /^[A-Z]{2}/.test(s) ? s : s.charAt(0).toLowerCase() + s.slice(1));
const bare = (title: string) => lowerFirst(title.replace(/\s*\([^)]*\)\s*$/, ''));

/**
 * Plain sentences for the top of a profile: how the area compares with each comparator, what
 * stands out, and what is changing. Only significant differences (95% intervals) are called out.
 */
export function summarise(areaName: string, items: ProfileItem[]): string[] {
  const sentences: string[] = [];
  const comparatorNames = [...new Set(items.flatMap((i) => i.comparators.map((c) => `${c.level}\u0000${c.name}`)))];
  for (const entry of comparatorNames) {
    const [level, name] = entry.split('\u0000') as [string, string];
    const tested = items.map((i) => ({ item: i, c: i.comparators.find((c) => c.level === level) })).filter((x) => x.c && x.c.significance !== 'not_tested');
    if (tested.length === 0) continue;
    const worse = tested.filter((x) => x.c!.significance === 'worse');
    const better = tested.filter((x) => x.c!.significance === 'better');
    sentences.push(`Compared with ${name}, ${areaName} is significantly better on ${better.length} and significantly worse on ${worse.length} of the ${tested.length} indicators that can be compared.`);
    if (worse.length > 0) sentences.push(`Worse than ${name}: ${few(worse.map((x) => bare(x.item.indicator.title)))}.`);
    if (better.length > 0) sentences.push(`Better than ${name}: ${few(better.map((x) => bare(x.item.indicator.title)))}.`);
  }
  const changing = items
    .map((i) => {
      const points = i.trend.filter((t) => t.value !== null);
      if (points.length < 3 || i.indicator.polarity === 'neither') return null;
      const first = points[0]!.value!;
      const last = points.at(-1)!.value!;
      if (first === 0) return null;
      const change = (last - first) / Math.abs(first);
      if (Math.abs(change) < 0.1) return null;
      const improving = (change > 0) === (i.indicator.polarity === 'higher_is_better');
      return { title: bare(i.indicator.title), improving, from: points[0]!.period, to: points.at(-1)!.period };
    })
    .filter((x): x is NonNullable<typeof x> => x !== null);
  const improving = changing.filter((c) => c.improving);
  const worsening = changing.filter((c) => !c.improving);
  if (improving.length > 0) sentences.push(`Improving by more than a tenth since the first figures: ${few(improving.map((c) => c.title))}.`);
  if (worsening.length > 0) sentences.push(`Getting worse by more than a tenth since the first figures: ${few(worsening.map((c) => c.title))}.`);
  return sentences;
}
