/**
 * The synthetic geography above data zones: two councils of whole intermediate zones, and inside
 * each its 2017-style multi-member wards, HSCP localities (whole wards), CHPs and community
 * councils; then the areas the SG lookup carries that cross council boundaries (constituencies,
 * travel-to-work areas). Every area is a contiguous group of data zones; codes follow the registry
 * patterns with a 9 in the first digit so they can never clash with real codes.
 */
import { byCentrality, centroidOf, dominantSettlement, listNames, nameIntermediateZones, nameWards, placesIn, UniqueNames, type Cells } from './areaNames.ts';
import { splitCouncils } from './councils.ts';
import type { Point } from './landmass.ts';
import { compassFrom, type PlaceNamer } from './names.ts';
import { partition, type PartitionInput } from './partition.ts';
import type { Random } from './random.ts';
import type { Settlement } from './settlements.ts';
import type { ZoneCell } from './zones.ts';

/** The region as a whole: the name of its health board, police division and partners. */
export const REGION_NAME = 'Firthshire';
/** One NHS board covers both councils, as NHS boards cover several councils in Scotland. */
export const HEALTH_BOARD = { code: 'S08900001', name: `${REGION_NAME} (synthetic)` };
export const COUNTRY = { code: 'S92900001', name: 'Demo region total (synthetic)' };

export interface Area {
  code: string;
  name: string;
  /** Data-zone indices (positions in Geography.dataZones). */
  members: number[];
}

/** A council area, with the health and social care partnership that covers exactly it. */
export interface Council extends Area {
  /** The name without "(synthetic)", as used in the names of areas inside it ("North Firthshire"). */
  place: string;
  hscp: { code: string; name: string };
}

export interface Geography {
  /** Firthshire (S12900001, the larger) and the second council (S12900002). */
  councils: Council[];
  /** Data zones in code order. */
  dataZones: { code: string; name: string; cell: ZoneCell; village: string | null }[];
  /** Data-zone adjacency by data-zone index (shared edges, plus the island ferry). */
  adjacency: number[][];
  intermediateZones: Area[];
  wards: Area[];
  localities: Area[];
  chps: Area[];
  communityCouncils: Area[];
  scottishParliament: Area[];
  ukParliament: Area[];
  travelToWork: Area[];
  /** Index of the area each data zone belongs to, per level. */
  councilOf: number[];
  izOf: number[];
  wardOf: number[];
  localityOf: number[];
  chpOf: number[];
  communityCouncilOf: number[];
  scottishParliamentOf: number[];
  ukParliamentOf: number[];
  travelToWorkOf: number[];
}

function regionGraph(regionOf: number[], regionCount: number, adjacency: number[][]): number[][] {
  const graph: Set<number>[] = Array.from({ length: regionCount }, () => new Set<number>());
  adjacency.forEach((list, a) => {
    for (const b of list) {
      const ra = regionOf[a] as number;
      const rb = regionOf[b] as number;
      if (ra !== rb) {
        graph[ra]!.add(rb);
        graph[rb]!.add(ra);
      }
    }
  });
  return graph.map((s) => [...s].sort((x, y) => x - y));
}

function membership(regions: number[][], count: number): number[] {
  const of = new Array<number>(count).fill(-1);
  regions.forEach((members, r) => {
    for (const m of members) of[m] = r;
  });
  return of;
}

/** Regions of a coarser level built from whole regions of a finer one (those listed in `which`). */
function groupRegions(fine: number[][], fineOf: number[], adjacency: number[][], which: number[], count: number, min: number, max: number, rng: Random): number[][] {
  const graph = regionGraph(fineOf, fine.length, adjacency);
  const groups = partition({ nodes: which, adjacency: graph, weight: (r) => (fine[r] as number[]).length }, { count, min, max, rng });
  return groups.map((g) => g.flatMap((r) => fine[r] as number[]).sort((a, b) => a - b));
}

/** Partitions the mainland and the island separately, so no area straddles the ferry. */
function partitionEachShore(
  nodes: number[],
  onIsland: (node: number) => boolean,
  input: Omit<PartitionInput, 'nodes'>,
  options: { size: number; min: number; max: number; mixPenalty: number },
  rng: Random,
): number[][] {
  const regions: number[][] = [];
  for (const [label, part] of [['mainland', nodes.filter((i) => !onIsland(i))], ['island', nodes.filter(onIsland)]] as const) {
    if (part.length === 0) continue;
    regions.push(
      ...partition(
        { ...input, nodes: part },
        {
          count: Math.max(1, Math.round(part.length / options.size)),
          min: Math.min(options.min, part.length),
          max: options.max,
          mixPenalty: options.mixPenalty,
          rng: rng.fork(label),
        },
      ),
    );
  }
  return regions;
}

function code(prefix: string, i: number): string {
  return `${prefix}${String(900001 + i).padStart(6, '0')}`;
}

function sortAreas(regions: number[][], names: string[]): { members: number[]; name: string }[] {
  return regions.map((members, i) => ({ members, name: names[i] as string })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export function buildGeography(
  cells: Cells,
  adjacency: number[][],
  settlements: Settlement[],
  land: { centre: Point },
  namer: PlaceNamer,
  rng: Random,
): Geography {
  const n = cells.length;
  const all = cells.map((_, i) => i);
  const villages = cells.map((c) => (c.settlement === null ? namer.village() : null));

  const groupOf = (i: number) => {
    const c = cells[i]!;
    if (c.onIsland) return -2;
    return c.settlement !== null && settlements[c.settlement]!.kind === 'town' ? c.settlement : -1;
  };
  // The island keeps its own intermediate zones and community councils: nothing crosses the ferry.
  const onIsland = (i: number) => cells[i]!.onIsland;
  const izRegions = partitionEachShore(all, onIsland, { adjacency, group: groupOf }, { size: 5, min: 3, max: 8, mixPenalty: 4 }, rng.fork('iz'));
  const izNames = nameIntermediateZones(izRegions, cells, settlements, villages, namer, rng.fork('iz-names'));
  const izSorted = sortAreas(izRegions, izNames);

  // Data-zone codes run through the intermediate zones in code order, north to south inside each.
  const order: number[] = [];
  for (const iz of izSorted) {
    order.push(...[...iz.members].sort((a, b) => cells[b]!.centroid[1] - cells[a]!.centroid[1] || cells[a]!.centroid[0] - cells[b]!.centroid[0]));
  }
  const indexOfCell = new Array<number>(n);
  order.forEach((cell, i) => (indexOfCell[cell] = i));
  const cellsByIndex = order.map((c) => cells[c] as ZoneCell);
  const remap = (members: number[]) => members.map((m) => indexOfCell[m] as number).sort((a, b) => a - b);
  const dzAdjacency = order.map((c) => (adjacency[c] as number[]).map((m) => indexOfCell[m] as number).sort((a, b) => a - b));

  const dzNames: string[] = new Array(n).fill('');
  const intermediateZones: Area[] = izSorted.map((iz, i) => {
    const members = remap(iz.members);
    members.forEach((m, k) => (dzNames[m] = `${iz.name} - ${String(k + 1).padStart(2, '0')}`));
    return { code: code('S02', i), name: iz.name, members };
  });
  const izOf = membership(intermediateZones.map((a) => a.members), n);
  const izNameOf = (m: number) => (intermediateZones[izOf[m] as number] as Area).name;

  const dzAll = cellsByIndex.map((_, i) => i);
  const villageByIndex = order.map((c) => villages[c] as string | null);

  // Two councils of whole intermediate zones. The second is named only now, after the names that
  // fix data-zone and intermediate-zone codes, so those codes do not depend on it.
  const largestTown = settlements.reduce((best, s, i) => (s.dataZones > (settlements[best] as Settlement).dataZones ? i : best), 0);
  const councilOfIz = splitCouncils(intermediateZones.map((a) => a.members), regionGraph(izOf, intermediateZones.length, dzAdjacency), cellsByIndex, largestTown);
  const councils: Council[] = [REGION_NAME, namer.district()].map((place, k) => ({
    code: code('S12', k),
    name: `${place} (synthetic)`,
    place,
    members: dzAll.filter((m) => councilOfIz[izOf[m] as number] === k),
    hscp: { code: code('S37', k), name: `${place} (synthetic)` },
  }));
  const councilOf = membership(councils.map((c) => c.members), n);
  /** A region-wide number of areas shared between the councils by size, at least one each. */
  const shares = (total: number) => {
    const first = Math.min(total - 1, Math.max(1, Math.round((total * councils[0]!.members.length) / n)));
    return [first, total - first];
  };
  const councilCentres = councils.map((c) => centroidOf(c.members, cellsByIndex));
  /** "North East Firthshire": the direction of an area from the middle of its council. */
  const compassName = (members: number[], suffix = '') => {
    const k = councilOf[members[0] as number] as number;
    const [x0, y0] = councilCentres[k] as Point;
    const c = centroidOf(members, cellsByIndex);
    return `${compassFrom(x0, y0, c[0], c[1])} ${(councils[k] as Council).place}${suffix}`;
  };
  /** The same for areas that cross council boundaries, named from the middle of the region. */
  const regionCompassName = (members: number[]) => {
    const c = centroidOf(members, cellsByIndex);
    return `${compassFrom(land.centre[0], land.centre[1], c[0], c[1])} ${REGION_NAME}`;
  };
  const biggestTown = (members: number[]) => {
    const towns = placesIn(members, cellsByIndex, settlements, villageByIndex);
    return towns[0] as string;
  };

  const wardCounts = shares(21);
  const wardRegions = councils.flatMap((c, k) =>
    partition({ nodes: c.members, adjacency: dzAdjacency }, { count: wardCounts[k] as number, min: 17, max: 34, rng: rng.fork(`wards/${c.code}`) }),
  );
  const wardNames = nameWards(wardRegions, cellsByIndex, settlements, villageByIndex, izNameOf, rng.fork('ward-names'));
  const wards = sortAreas(wardRegions, wardNames).map((w, i) => ({ code: code('S13', i), name: w.name, members: w.members }));
  const wardOf = membership(wards.map((w) => w.members), n);
  const wardsIn = (k: number) => wards.flatMap((w, i) => (councilOf[w.members[0] as number] === k ? [i] : []));
  const izsIn = (k: number) => intermediateZones.flatMap((a, i) => (councilOf[a.members[0] as number] === k ? [i] : []));

  const localityCounts = shares(7);
  const localityRegions = councils.flatMap((c, k) =>
    groupRegions(wards.map((w) => w.members), wardOf, dzAdjacency, wardsIn(k), localityCounts[k] as number, 40, 105, rng.fork(`localities/${c.code}`)),
  );
  const localityNames = new UniqueNames();
  const localities = sortAreas(
    localityRegions,
    localityRegions.map((members) => {
      const { settlement, share } = dominantSettlement(members, cellsByIndex);
      const s = settlement === null ? null : (settlements[settlement] as Settlement);
      if (s && s.kind === 'town' && share >= 0.35) return localityNames.take(s.name, `${s.name} and ${compassName(members)}`);
      return localityNames.take(compassName(members), compassName(members, ' Coast'), `${biggestTown(members)} and Landward`);
    }),
  ).map((a, i) => ({ code: code('S99', i), ...a }));

  const chpCounts = shares(3);
  const chpRegions = councils.flatMap((c, k) =>
    groupRegions(intermediateZones.map((a) => a.members), izOf, dzAdjacency, izsIn(k), chpCounts[k] as number, 110, 230, rng.fork(`chps/${c.code}`)),
  );
  const chpNames = new UniqueNames();
  const chps = sortAreas(
    chpRegions,
    chpRegions.map((m) => chpNames.take(`${biggestTown(m)} and ${compassName(m)}`, `${compassName(m)}`)),
  ).map((a, i) => ({ code: code('S03', i), ...a }));

  const ccRegions = councils.flatMap((c) =>
    partitionEachShore(
      c.members,
      (i) => cellsByIndex[i]!.onIsland,
      { adjacency: dzAdjacency, group: (i) => groupOf(order[i] as number) },
      { size: n / 40, min: 5, max: 22, mixPenalty: 2 },
      rng.fork(`community-councils/${c.code}`),
    ),
  );
  const ccNames = new UniqueNames();
  const ccRng = rng.fork('cc-names');
  const communityCouncils = sortAreas(
    ccRegions,
    ccRegions.map((members) => {
      const { settlement } = dominantSettlement(members, cellsByIndex);
      const s = settlement === null ? null : (settlements[settlement] as Settlement);
      const central = byCentrality(members, cellsByIndex)[0] as number;
      if (s && s.kind === 'town') {
        const c = centroidOf(members, cellsByIndex);
        const dir = compassFrom(s.centre[0], s.centre[1], c[0], c[1]);
        const iz = izNameOf(central);
        return ccNames.take(ccRng.chance(0.5) && !iz.startsWith(s.name) ? iz : `${s.name} ${dir}`, iz, `${s.name} ${dir}`, namer.neighbourhood());
      }
      const places = placesIn(members, cellsByIndex, settlements, villageByIndex);
      return ccNames.take(places[0] as string, listNames(places.slice(0, 2)));
    }),
  ).map((a, i) => ({ code: `CC${String(i + 1).padStart(3, '0')}`, ...a }));

  const spcRegions = groupRegions(wards.map((w) => w.members), wardOf, dzAdjacency, wards.map((_, i) => i), 3, 110, 230, rng.fork('spc'));
  const spcNames = new UniqueNames();
  const scottishParliament = sortAreas(
    spcRegions,
    spcRegions.map((m) => spcNames.take(`${biggestTown(m)} and ${regionCompassName(m)}`, regionCompassName(m))),
  ).map((a, i) => ({ code: code('S16', i), ...a }));

  const ukRegions = groupRegions(wards.map((w) => w.members), wardOf, dzAdjacency, wards.map((_, i) => i), 2, 180, 320, rng.fork('ukpc'));
  const ukNames = new UniqueNames();
  const ukParliament = sortAreas(ukRegions, ukRegions.map((m) => ukNames.take(regionCompassName(m), `${biggestTown(m)} and ${regionCompassName(m)}`))).map(
    (a, i) => ({ code: code('S14', i), ...a }),
  );

  // Travel-to-work areas: the catchments of the three largest towns.
  const hubs = settlements.filter((s) => s.kind === 'town').slice(0, 3);
  const hubOf = cellsByIndex.map((c) => {
    let best = 0;
    hubs.forEach((h, k) => {
      const d = (p: Settlement) => Math.hypot(c.centroid[0] - p.centre[0], c.centroid[1] - p.centre[1]);
      if (d(h) < d(hubs[best] as Settlement)) best = k;
    });
    return best;
  });
  const travelToWork = hubs
    .map((h, k) => ({ name: h.name, members: dzAll.filter((i) => hubOf[i] === k) }))
    .filter((a) => a.members.length > 0)
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map((a, i) => ({ code: code('S22', i), ...a }));

  return {
    councils,
    dataZones: cellsByIndex.map((cell, i) => ({ code: code('S01', i), name: dzNames[i] as string, cell, village: villageByIndex[i] as string | null })),
    adjacency: dzAdjacency,
    intermediateZones,
    wards,
    localities,
    chps,
    communityCouncils,
    scottishParliament,
    ukParliament,
    travelToWork,
    councilOf,
    izOf,
    wardOf,
    localityOf: membership(localities.map((a) => a.members), n),
    chpOf: membership(chps.map((a) => a.members), n),
    communityCouncilOf: membership(communityCouncils.map((a) => a.members), n),
    scottishParliamentOf: membership(scottishParliament.map((a) => a.members), n),
    ukParliamentOf: membership(ukParliament.map((a) => a.members), n),
    travelToWorkOf: membership(travelToWork.map((a) => a.members), n),
  };
}
