export interface TheilSenFit {
  slope: number;
  intercept: number;
  points: number;
}

const median = (sorted: number[]): number => {
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/**
 * Theil–Sen line: the slope is the median of the slopes between every pair of points with distinct
 * x (Theil 1950; Sen 1968, JASA 63:1379–89), the intercept the median of y − slope·x (Conover's
 * convention). Robust: up to ~29% of points can be wild without moving the line far. Null with fewer
 * than two distinct x.
 */
export function theilSen(points: readonly { x: number; y: number }[]): TheilSenFit | null {
  const slopes: number[] = [];
  for (let i = 0; i < points.length; i++) {
    for (let j = i + 1; j < points.length; j++) {
      const dx = points[j]!.x - points[i]!.x;
      if (dx !== 0) slopes.push((points[j]!.y - points[i]!.y) / dx);
    }
  }
  if (slopes.length === 0) return null;
  const slope = median(slopes.sort((a, b) => a - b));
  const intercept = median(points.map((p) => p.y - slope * p.x).sort((a, b) => a - b));
  return { slope, intercept, points: points.length };
}
