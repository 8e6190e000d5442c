/**
 * The synthetic region as one value: land, settlements, data-zone shapes and the areas built from
 * them. Every later generator (population, deprivation, indicators, spend) reads from this.
 */
import { buildCells } from './cells.ts';
import { roughenCoast } from './coast.ts';
import { buildGeography, type Geography } from './hierarchy.ts';
import { createLandmass, type Landmass } from './landmass.ts';
import { PlaceNamer } from './names.ts';
import { Random } from './random.ts';
import { placeSettlements, scatterSites, type Settlement } from './settlements.ts';
import { describeZones } from './zones.ts';

export interface World {
  seed: number;
  rng: Random;
  land: Landmass;
  settlements: Settlement[];
  geography: Geography;
  namer: PlaceNamer;
}

export function buildWorld(seed: number): World {
  const rng = new Random(`arealens-demo/${seed}`);
  const land = createLandmass(rng.fork('land'));
  const namer = new PlaceNamer(rng.fork('names'));
  const settlements = placeSettlements(land, rng.fork('settlements'), namer);
  const sites = scatterSites(land, settlements, rng.fork('sites'));
  const cells = buildCells(land, sites);
  const rings = roughenCoast(cells.rings, `arealens-demo/${seed}/coast`);
  const zones = describeZones({ ...cells, rings }, settlements, land);
  const geography = buildGeography(zones, cells.adjacency, settlements, land, namer, rng.fork('geography'));
  return { seed, rng, land, settlements, geography, namer };
}
