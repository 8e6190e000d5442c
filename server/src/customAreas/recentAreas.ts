/**
 * The data-zone sets of custom areas this server has answered lately, so that a request for
 * "area A plus one zone" soon after "area A" (or the reverse) can be recognised as differencing.
 *
 * Bounded three ways: a number of sets, a number of data zones over all sets (5,000 sets of 2,000
 * zones would otherwise be 40 MB), and an age. The memory is per server process and is lost on
 * restart: it raises the cost of the attack, it does not make it impossible (see the README).
 */
export interface RecentAreasOptions {
  maxSets?: number;
  maxZones?: number;
  maxAgeMs?: number;
  /** For tests: the clock. */
  now?: () => number;
}

export interface NearbySet {
  /** Data zones in one set and not the other. */
  difference: number;
}

interface Entry {
  zones: Int32Array;
  at: number;
}

export class RecentAreas {
  private readonly sets = new Map<string, Entry>(); // insertion order = last use order
  private zonesHeld = 0;
  private readonly maxSets: number;
  private readonly maxZones: number;
  private readonly maxAgeMs: number;
  private readonly now: () => number;

  constructor(options: RecentAreasOptions = {}) {
    this.maxSets = options.maxSets ?? 5_000;
    this.maxZones = options.maxZones ?? 2_500_000;
    this.maxAgeMs = options.maxAgeMs ?? 60 * 60 * 1000;
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    this.expire();
    return this.sets.size;
  }

  /**
   * The closest remembered set whose symmetric difference with `zones` is from 1 to
   * `below` − 1 data zones, or null. An identical set (difference 0) reveals nothing new.
   */
  nearest(zones: readonly number[], below: number): NearbySet | null {
    this.expire();
    const sorted = sortedZones(zones);
    let best: NearbySet | null = null;
    for (const entry of this.sets.values()) {
      // The symmetric difference is at least the difference in size: most sets are skipped here.
      if (Math.abs(entry.zones.length - sorted.length) >= below) continue;
      const difference = symmetricDifference(sorted, entry.zones, below);
      if (difference > 0 && difference < below && (!best || difference < best.difference)) best = { difference };
    }
    return best;
  }

  remember(zones: readonly number[]): void {
    const sorted = sortedZones(zones);
    const key = sorted.join(',');
    const old = this.sets.get(key);
    if (old) {
      this.sets.delete(key);
      this.zonesHeld -= old.zones.length;
    }
    this.sets.set(key, { zones: sorted, at: this.now() });
    this.zonesHeld += sorted.length;
    while (this.sets.size > this.maxSets || (this.zonesHeld > this.maxZones && this.sets.size > 1)) this.dropOldest();
  }

  private expire(): void {
    const cutoff = this.now() - this.maxAgeMs;
    for (const [, entry] of this.sets) {
      if (entry.at > cutoff) break;
      this.dropOldest();
    }
  }

  private dropOldest(): void {
    const first = this.sets.entries().next();
    if (first.done) return;
    this.sets.delete(first.value[0]);
    this.zonesHeld -= first.value[1].zones.length;
  }
}

function sortedZones(zones: readonly number[]): Int32Array {
  return Int32Array.from(new Set(zones)).sort();
}

/** |A △ B| of two sorted sets, counting no further than `stopAt`. */
function symmetricDifference(a: Int32Array, b: Int32Array, stopAt: number): number {
  let i = 0;
  let j = 0;
  let difference = 0;
  while (i < a.length && j < b.length && difference < stopAt) {
    if (a[i] === b[j]) {
      i++;
      j++;
    } else {
      difference++;
      if (a[i]! < b[j]!) i++;
      else j++;
    }
  }
  return Math.min(stopAt, difference + (a.length - i) + (b.length - j));
}
