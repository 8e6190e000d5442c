/**
 * The demo's two councils, as two groups of whole intermediate zones: Firthshire keeps the largest
 * town, and the second council grows outward from the place farthest from it. A town is never
 * split between councils, and each council is contiguous (the island goes with whichever council
 * its ferry lands in). Wards, localities, CHPs and community councils are then built inside each.
 */
import type { Cells } from './areaNames.ts';

/** The second council's share of the data zones: aimed at, and the bounds it must fall within. */
export const SECOND_COUNCIL_SHARE = { aim: 0.38, min: 0.3, max: 0.45 };

function distancesFrom(start: number, graph: readonly (readonly number[])[]): number[] {
  const dist = new Array<number>(graph.length).fill(-1);
  dist[start] = 0;
  const queue = [start];
  for (let k = 0; k < queue.length; k++) {
    const node = queue[k] as number;
    for (const n of graph[node] as number[]) {
      if (dist[n] === -1) {
        dist[n] = (dist[node] as number) + 1;
        queue.push(n);
      }
    }
  }
  return dist;
}

/** The nodes reachable from `start` without entering `blocked`. */
function reachable(start: number, graph: readonly (readonly number[])[], blocked: Set<number>): Set<number> {
  const seen = new Set([start]);
  const queue = [start];
  for (let k = 0; k < queue.length; k++) {
    for (const n of graph[queue[k] as number] as number[]) {
      if (!blocked.has(n) && !seen.has(n)) {
        seen.add(n);
        queue.push(n);
      }
    }
  }
  return seen;
}

/**
 * Council index (0 = Firthshire, 1 = the second council) of each intermediate zone.
 * `izGraph` is the adjacency of intermediate zones; `homeTown` the settlement Firthshire keeps.
 */
export function splitCouncils(izMembers: number[][], izGraph: readonly (readonly number[])[], cells: Cells, homeTown: number): number[] {
  // Units: the neighbouring intermediate zones of one settlement together, or one country zone alone.
  const settlementOf = izMembers.map((members) => {
    const counts = new Map<number, number>();
    for (const m of members) {
      const s = cells[m]!.settlement;
      if (s !== null) counts.set(s, (counts.get(s) ?? 0) + 1);
    }
    const [settlement, count] = [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0] ?? [null, 0];
    return settlement !== null && count * 2 >= members.length ? settlement : null;
  });
  const unitOf = new Array<number>(izMembers.length).fill(-1);
  const units: number[][] = [];
  izMembers.forEach((_, start) => {
    if (unitOf[start] !== -1) return;
    const unit = units.push([start]) - 1;
    unitOf[start] = unit;
    const settlement = settlementOf[start];
    if (settlement === null) return;
    const queue = [start];
    for (let k = 0; k < queue.length; k++) {
      for (const n of izGraph[queue[k] as number] as number[]) {
        if (unitOf[n] === -1 && settlementOf[n] === settlement) {
          unitOf[n] = unit;
          units[unit]!.push(n);
          queue.push(n);
        }
      }
    }
  });
  const unitGraph = units.map((izs, u) => [...new Set(izs.flatMap((iz) => (izGraph[iz] as number[]).map((n) => unitOf[n] as number)))].filter((v) => v !== u).sort((a, b) => a - b));
  const weight = units.map((izs) => izs.reduce((sum, iz) => sum + (izMembers[iz] as number[]).length, 0));
  const total = weight.reduce((a, b) => a + b, 0);
  const weightOf = (set: Set<number>) => [...set].reduce((sum, u) => sum + (weight[u] as number), 0);

  const homeUnits = units.map((izs, u) => (settlementOf[izs[0] as number] === homeTown ? u : -1)).filter((u) => u >= 0);
  if (homeUnits.length === 0) throw new Error('the largest town has no intermediate zone of its own');
  const home = homeUnits.reduce((best, u) => ((weight[u] as number) > (weight[best] as number) ? u : best));
  const fromHome = distancesFrom(home, unitGraph);
  const seed = fromHome.reduce((best, d, u) => (d > (fromHome[best] as number) ? u : best), home);
  const fromSeed = distancesFrom(seed, unitGraph);

  let second = new Set([seed]);
  while (weightOf(second) < SECOND_COUNCIL_SHARE.aim * total) {
    const frontier = [...new Set([...second].flatMap((u) => unitGraph[u] as number[]))]
      .filter((u) => !second.has(u) && u !== home)
      .sort((a, b) => (fromSeed[a] as number) - (fromSeed[b] as number) || a - b);
    let grown: Set<number> | null = null;
    for (const u of frontier) {
      const next = new Set([...second, u]);
      // Whatever the home town can no longer reach joins the second council too.
      const kept = reachable(home, unitGraph, next);
      for (let v = 0; v < units.length; v++) if (!kept.has(v)) next.add(v);
      if (weightOf(next) <= SECOND_COUNCIL_SHARE.max * total) {
        grown = next;
        break;
      }
    }
    if (!grown) break;
    second = grown;
  }
  const share = weightOf(second) / total;
  if (share < SECOND_COUNCIL_SHARE.min || share > SECOND_COUNCIL_SHARE.max) throw new Error(`the second council holds ${(share * 100).toFixed(0)}% of the data zones`);
  return unitOf.map((u) => (second.has(u) ? 1 : 0));
}
