/**
 * What each data-zone cell is like on the ground: which settlement it belongs to, how urban or
 * remote it is (the SG 6- and 8-fold Urban Rural Classification), whether it is on the coast.
 */
import type { LandCells } from './cells.ts';
import type { Landmass, Point } from './landmass.ts';
import { ringArea, ringCentroid, type Ring } from './polygon.ts';
import type { Settlement } from './settlements.ts';

export interface UrbanRural {
  ur2: [number, string];
  ur3: [number, string];
  ur6: [number, string];
  ur8: [number, string];
}

export interface ZoneCell {
  ring: Ring;
  centroid: Point;
  areaKm2: number;
  /** The settlement the zone is part of, or null in the countryside. */
  settlement: number | null;
  /** 1 at a settlement's centre, falling to 0 at the edge of its built-up area (0 in the countryside). */
  centrality: number;
  onIsland: boolean;
  coastal: boolean;
  /** Estimated drive to the nearest town of 10,000+ people, in minutes (ferry included). */
  driveMinutes: number;
  /** Drive to the nearest settlement of any size (shops, GP, post office), in minutes. */
  localDriveMinutes: number;
  urbanRural: UrbanRural;
}

const UR6_NAMES = ['Large Urban Areas', 'Other Urban Areas', 'Accessible Small Towns', 'Remote Small Towns', 'Accessible Rural', 'Remote Rural'];
const UR8_NAMES = [
  'Large Urban Areas', 'Other Urban Areas', 'Accessible Small Towns', 'Remote Small Towns', 'Very Remote Small Towns',
  'Accessible Rural Areas', 'Remote Rural Areas', 'Very Remote Rural Areas',
];

/** Minutes per kilometre of straight-line distance: winding roads at about 45 km/h. */
const MINUTES_PER_KM = 1.75;
const FERRY_MINUTES = 40;

function urbanRural(kind: 'town' | 'small_town' | 'rural', driveMinutes: number): UrbanRural {
  const ur6 = kind === 'town' ? 2 : kind === 'small_town' ? (driveMinutes <= 30 ? 3 : 4) : driveMinutes <= 30 ? 5 : 6;
  const ur8 = ur6 <= 3 ? ur6 : ur6 === 4 ? (driveMinutes <= 60 ? 4 : 5) : ur6 === 5 ? 6 : driveMinutes <= 60 ? 7 : 8;
  const ur3 = ur6 <= 4 ? 1 : ur6 === 5 ? 2 : 3;
  return {
    ur2: ur6 <= 4 ? [1, 'Urban'] : [2, 'Rural'],
    ur3: [ur3, ['Urban', 'Accessible Rural', 'Remote Rural'][ur3 - 1] as string],
    ur6: [ur6, UR6_NAMES[ur6 - 1] as string],
    ur8: [ur8, UR8_NAMES[ur8 - 1] as string],
  };
}

export function describeZones(cells: LandCells, settlements: Settlement[], land: Landmass): ZoneCell[] {
  return cells.rings.map((ring, i) => {
    const centroid = ringCentroid(ring);
    const site = cells.sites[i]!;
    const onIsland = land.isIsland(site.x, site.y);
    // A zone belongs to the settlement its seed point was scattered for, unless that point strayed
    // far out; a countryside point inside a settlement's footprint joins the settlement.
    let settlement: number | null = null;
    let bestRatio = Infinity;
    const ratioTo = (k: number) => {
      const s = settlements[k] as Settlement;
      return Math.hypot(centroid[0] - s.centre[0], centroid[1] - s.centre[1]) / s.radius;
    };
    if (site.settlement !== null && ratioTo(site.settlement) < 2.2) {
      settlement = site.settlement;
      bestRatio = ratioTo(site.settlement);
    } else {
      settlements.forEach((s, k) => {
        if (s.onIsland !== onIsland) return;
        const ratio = ratioTo(k);
        if (ratio < (s.kind === 'town' ? 1.1 : 1.3) && ratio < bestRatio) {
          settlement = k;
          bestRatio = ratio;
        }
      });
    }
    const distanceTo = (s: Settlement) => Math.hypot(centroid[0] - s.centre[0], centroid[1] - s.centre[1]) / 1000;
    const ferry = onIsland ? FERRY_MINUTES : 0;
    const towns = settlements.filter((s) => s.kind === 'town');
    const driveMinutes = ferry + Math.min(...towns.map(distanceTo)) * MINUTES_PER_KM;
    const localDriveMinutes =
      Math.min(...settlements.filter((s) => s.onIsland === onIsland).map(distanceTo)) * MINUTES_PER_KM + 1.2;
    const kind = settlement === null ? 'rural' : (settlements[settlement] as Settlement).kind;
    const coastal = land.seaDistances(centroid[0], centroid[1], 8, 2000).some(Number.isFinite);
    return {
      ring,
      centroid,
      areaKm2: ringArea(ring) / 1e6,
      settlement,
      centrality: settlement === null ? 0 : Math.max(0, 1 - bestRatio / 1.5),
      onIsland,
      coastal,
      driveMinutes,
      localDriveMinutes,
      urbanRural: urbanRural(kind, driveMinutes),
    };
  });
}
