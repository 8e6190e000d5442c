/**
 * Where people live: six towns of different sizes, a few small towns (one of them on the island),
 * and the dispersed rural population between them. Each settlement says how many data zones it
 * should hold; data zones hold 500–1,000 people, so that fixes its population too.
 */
import type { Landmass, Point } from './landmass.ts';
import type { PlaceNamer } from './names.ts';
import type { Random } from './random.ts';

export type SettlementKind = 'town' | 'small_town';

export interface Settlement {
  name: string;
  kind: SettlementKind;
  centre: Point;
  /** How many data zones the settlement should hold. */
  dataZones: number;
  /** Radius (m) that holds most of its data zones. */
  radius: number;
  coastal: boolean;
  onIsland: boolean;
  /** Deprivation tilt of the whole town: positive for a former industrial town, negative for a commuter town. */
  character: number;
}

const TOWN_SIZES = [104, 72, 52, 38, 27, 18];
const SMALL_TOWN_SIZES = [8, 6, 5, 5, 4];
const ISLAND_TOWN_SIZE = 4;
/** Town data zones cover about 0.38 km² each, as in the towns of Fife. */
const URBAN_KM2_PER_DATA_ZONE = 0.38;

function radiusFor(dataZones: number): number {
  return Math.sqrt((dataZones * URBAN_KM2_PER_DATA_ZONE) / Math.PI) * 1000;
}

function distanceToFirth(land: Landmass, [x, y]: Point): number {
  let best = Infinity;
  const path = land.firthPath;
  for (let i = 0; i + 1 < path.length; i++) {
    const a = path[i] as Point;
    const b = path[i + 1] as Point;
    const len2 = (b[0] - a[0]) ** 2 + (b[1] - a[1]) ** 2;
    const t = Math.min(1, Math.max(0, ((x - a[0]) * (b[0] - a[0]) + (y - a[1]) * (b[1] - a[1])) / len2));
    best = Math.min(best, Math.hypot(x - (a[0] + t * (b[0] - a[0])), y - (a[1] + t * (b[1] - a[1]))));
  }
  return best;
}

export function placeSettlements(land: Landmass, rng: Random, namer: PlaceNamer): Settlement[] {
  const settlements: Settlement[] = [];
  const seaDistance = (p: Point) => Math.min(...land.seaDistances(p[0], p[1], 16, 15000));
  const farFromOthers = (p: Point, minDistance: number) =>
    settlements.every((s) => Math.hypot(s.centre[0] - p[0], s.centre[1] - p[1]) > minDistance + s.radius);
  const span = 40000;

  const place = (dataZones: number, kind: SettlementKind, rule: (p: Point, sea: number) => boolean, spacing: number) => {
    const radius = radiusFor(dataZones);
    for (let attempt = 0; attempt < 4000; attempt++) {
      // Relax the spacing slowly if the coast is crowded.
      const relax = 1 - Math.min(0.5, attempt / 8000);
      const p: Point = [land.centre[0] + rng.uniform(-span, span), land.centre[1] + rng.uniform(-span, span)];
      if (!land.isLand(p[0], p[1]) || land.isIsland(p[0], p[1])) continue;
      if (!farFromOthers(p, spacing * relax + radius)) continue;
      const sea = seaDistance(p);
      if (!rule(p, sea)) continue;
      settlements.push({
        name: namer.settlement(),
        kind,
        centre: p,
        dataZones,
        radius,
        coastal: sea < 4000,
        onIsland: false,
        character: 0,
      });
      return;
    }
    throw new Error(`could not place a settlement of ${dataZones} data zones`);
  };

  // The largest town is a port on the firth; two more are coastal, two inland, one anywhere.
  place(TOWN_SIZES[0] as number, 'town', (p, sea) => sea > 900 && sea < 2600 && distanceToFirth(land, p) < 5000, 0);
  const townRules: ((p: Point, sea: number) => boolean)[] = [
    (_p, sea) => sea > 900 && sea < 3000,
    (_p, sea) => sea > 9000,
    (_p, sea) => sea > 800 && sea < 2500,
    (_p, sea) => sea > 6000,
    (_p, sea) => sea > 1500,
  ];
  TOWN_SIZES.slice(1).forEach((size, i) => place(size, 'town', townRules[i] as (p: Point, sea: number) => boolean, 9000));
  for (const size of SMALL_TOWN_SIZES) place(size, 'small_town', (_p, sea) => sea > 700, 5500);

  settlements.push({
    name: namer.settlement(),
    kind: 'small_town',
    centre: [land.island.centre[0] + rng.uniform(-600, 600), land.island.centre[1] + rng.uniform(-600, 600)],
    dataZones: ISLAND_TOWN_SIZE,
    radius: radiusFor(ISLAND_TOWN_SIZE),
    coastal: true,
    onIsland: true,
    character: 0,
  });

  // Town character: one former industrial town, one prosperous commuter town, the rest mixed.
  const towns = settlements.filter((s) => s.kind === 'town');
  const order = rng.shuffle(towns.slice(1).map((_, i) => i + 1));
  (towns[order[0] as number] as Settlement).character = 0.75;
  (towns[order[1] as number] as Settlement).character = -0.8;
  for (const s of settlements) if (s.character === 0) s.character = rng.normal(0, 0.25);
  return settlements;
}

export const RURAL_DATA_ZONES = 156;

export interface Site {
  x: number;
  y: number;
  /** Index of the settlement it was scattered for, or null for the rural population. */
  settlement: number | null;
}

/**
 * Data-zone seed points: dense around settlement centres, sparse between, never closer than a
 * fraction of the local spacing so the Voronoi cells stay well shaped.
 */
export function scatterSites(land: Landmass, settlements: Settlement[], rng: Random): Site[] {
  const landKm2 = land.areaKm2();
  const ruralDensity = RURAL_DATA_ZONES / landKm2; // data zones per km²
  const sigmaKm = settlements.map((s) => s.radius / 1000 / 1.2);
  const townDensity = (x: number, y: number): number => {
    let rho = 0;
    settlements.forEach((s, i) => {
      const sigma = sigmaKm[i] as number;
      const d2 = ((x - s.centre[0]) ** 2 + (y - s.centre[1]) ** 2) / 1e6;
      rho += (s.dataZones / (2 * Math.PI * sigma * sigma)) * Math.exp(-d2 / (2 * sigma * sigma));
    });
    return rho;
  };
  const spacing = (x: number, y: number) => (0.62 / Math.sqrt(ruralDensity + townDensity(x, y))) * 1000;

  const sites: Site[] = [];
  const spacings: number[] = [];
  const fits = (x: number, y: number, own: number) => {
    for (let i = 0; i < sites.length; i++) {
      const s = sites[i] as Site;
      const need = Math.min(own, spacings[i] as number);
      if ((s.x - x) ** 2 + (s.y - y) ** 2 < need * need) return false;
    }
    return true;
  };

  settlements.forEach((settlement, index) => {
    const sigma = (sigmaKm[index] as number) * 1000;
    let placed = 0;
    for (let attempt = 0; attempt < 80 * settlement.dataZones && placed < settlement.dataZones; attempt++) {
      const x = rng.normal(settlement.centre[0], sigma);
      const y = rng.normal(settlement.centre[1], sigma);
      if (!land.isLand(x, y) || land.isIsland(x, y) !== settlement.onIsland) continue;
      const own = spacing(x, y);
      if (!fits(x, y, own)) continue;
      sites.push({ x, y, settlement: index });
      spacings.push(own);
      placed++;
    }
  });

  const west = land.centre[0] - 45000;
  const south = land.centre[1] - 45000;
  let rural = 0;
  for (let attempt = 0; attempt < 400 * RURAL_DATA_ZONES && rural < RURAL_DATA_ZONES; attempt++) {
    const x = west + rng.uniform(0, 90000);
    const y = south + rng.uniform(0, 90000);
    if (!land.isLand(x, y)) continue;
    // Keep the countryside out of the towns' built-up areas.
    if (townDensity(x, y) > 1.5 * ruralDensity) continue;
    const own = spacing(x, y);
    if (!fits(x, y, own)) continue;
    sites.push({ x, y, settlement: null });
    spacings.push(own);
    rural++;
  }
  return sites;
}
