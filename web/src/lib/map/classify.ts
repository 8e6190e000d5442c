/**
 * Class breaks for a choropleth. Each method returns ascending boundaries
 * [minimum, b1, …, maximum]; class i holds values v with boundaries[i] < v ≤ boundaries[i + 1]
 * (the first class also holds the minimum). Fewer classes come back when the values cannot fill
 * them (ties, or fewer distinct values than classes), never empty ones.
 */
export type Classification = 'quantiles' | 'equal' | 'jenks';

export const classifications: { key: Classification; label: string; description: string }[] = [
  { key: 'quantiles', label: 'Quantiles', description: 'Each colour holds about the same number of areas' },
  { key: 'equal', label: 'Equal intervals', description: 'Each colour covers the same range of values' },
  { key: 'jenks', label: 'Natural breaks (Jenks)', description: 'Breaks fall where the values have gaps' },
];

export const isClassification = (text: string | null): text is Classification => classifications.some((c) => c.key === text);

const ascending = (a: number, b: number) => a - b;

function distinctSorted(values: readonly number[]): number[] {
  const sorted = values.filter(Number.isFinite).sort(ascending);
  return sorted.filter((v, i) => i === 0 || v !== sorted[i - 1]);
}

/**
 * Boundaries with empty classes removed. A repeat of the minimum is kept: [min, min, …] is a first
 * class holding only the minimum. Too few distinct values give one class per value.
 */
function tidy(boundaries: number[], distinct: number[], classes: number): number[] {
  if (distinct.length <= classes) return [distinct[0]!, ...distinct];
  return boundaries.filter((b, i) => i <= 1 || b !== boundaries[i - 1]);
}

/** Equal counts per class: the boundaries are the k-quantiles (type 7, as R and spreadsheets compute them). */
export function quantileBreaks(values: readonly number[], classes: number): number[] {
  const sorted = values.filter(Number.isFinite).sort(ascending);
  if (sorted.length === 0) return [];
  const at = (p: number) => {
    const h = (sorted.length - 1) * p;
    const lo = Math.floor(h);
    return sorted[lo]! + (h - lo) * ((sorted[Math.min(lo + 1, sorted.length - 1)] ?? sorted[lo]!) - sorted[lo]!);
  };
  const boundaries = Array.from({ length: classes + 1 }, (_, i) => at(i / classes));
  return tidy(boundaries, distinctSorted(sorted), classes);
}

export function equalIntervalBreaks(values: readonly number[], classes: number): number[] {
  const distinct = distinctSorted(values);
  if (distinct.length === 0) return [];
  const min = distinct[0]!;
  const max = distinct.at(-1)!;
  const step = (max - min) / classes;
  const boundaries = Array.from({ length: classes + 1 }, (_, i) => (i === classes ? max : min + i * step));
  return tidy(boundaries, distinct, classes);
}

/**
 * Jenks natural breaks: the grouping of the sorted values into k contiguous classes with the least
 * total within-class sum of squared deviations, found exactly by dynamic programming (Jenks 1977;
 * Fisher 1958). O(k·n²), so above MAX_JENKS_VALUES the optimisation runs on evenly spaced order
 * statistics of the values, which keeps the result close and the page responsive on Scotland's 6,976
 * data zones.
 */
export const MAX_JENKS_VALUES = 1500;

export function jenksBreaks(values: readonly number[], classes: number): number[] {
  const all = values.filter(Number.isFinite).sort(ascending);
  const distinct = distinctSorted(all);
  if (distinct.length === 0) return [];
  if (distinct.length <= classes) return tidy([], distinct, classes);
  const data = all.length <= MAX_JENKS_VALUES
    ? all
    : Array.from({ length: MAX_JENKS_VALUES }, (_, i) => all[Math.round((i * (all.length - 1)) / (MAX_JENKS_VALUES - 1))]!);
  const n = data.length;
  const k = classes;
  // lowerClassLimit[l][j]: 1-based index of the first value of the last class when the first l values form j classes.
  const lowerClassLimit = Array.from({ length: n + 1 }, () => new Int32Array(k + 1));
  const cost = Array.from({ length: n + 1 }, () => new Float64Array(k + 1).fill(Infinity));
  for (let j = 1; j <= k; j++) {
    lowerClassLimit[1]![j] = 1;
    cost[1]![j] = 0;
  }
  for (let l = 2; l <= n; l++) {
    let sum = 0;
    let sumSquares = 0;
    for (let m = 1; m <= l; m++) {
      const first = l - m + 1;
      const value = data[first - 1]!;
      sum += value;
      sumSquares += value * value;
      const deviation = sumSquares - (sum * sum) / m;
      const before = first - 1;
      if (before !== 0) {
        for (let j = 2; j <= k; j++) {
          const candidate = deviation + cost[before]![j - 1]!;
          if (cost[l]![j]! >= candidate) {
            lowerClassLimit[l]![j] = first;
            cost[l]![j] = candidate;
          }
        }
      }
    }
    lowerClassLimit[l]![1] = 1;
    cost[l]![1] = sumSquares - (sum * sum) / l;
  }
  const boundaries = new Array<number>(k + 1);
  boundaries[0] = data[0]!;
  boundaries[k] = data[n - 1]!;
  let end = n;
  for (let j = k; j >= 2; j--) {
    const first = lowerClassLimit[end]![j]!;
    boundaries[j - 1] = data[first - 2]!;
    end = first - 1;
  }
  return tidy(boundaries, distinct, classes);
}

export function classBreaks(values: readonly number[], classes: number, method: Classification): number[] {
  if (method === 'equal') return equalIntervalBreaks(values, classes);
  if (method === 'jenks') return jenksBreaks(values, classes);
  return quantileBreaks(values, classes);
}

/** The class (0 = lowest) a value falls in, given boundaries from classBreaks. */
export function classOf(value: number, boundaries: readonly number[]): number {
  const last = boundaries.length - 2;
  for (let i = 0; i < last; i++) if (value <= boundaries[i + 1]!) return i;
  return Math.max(0, last);
}
