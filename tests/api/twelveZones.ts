import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixtureCopy } from '../../etl/src/testing.ts';
import type { Manifest } from '../../etl/src/manifest.ts';

/**
 * The mini fixture grown to twelve data zones, because inequality by deprivation band needs at
 * least ten. Zones S01000009–12 copy the rows of S01000001–4 (population, SIMD indicators,
 * observations) under new codes and SIMD ranks, and sit in a third row of 1 km squares. Eastmuir
 * gains 9 and 10 (eight zones: still too few), Westhaugh 11 and 12; Scotland has all twelve.
 */
export const EXTRA_ZONES = [
  { code: 'S01000009', copyOf: 'S01000001', rank: 300, council: ['S12000001', 'Eastmuir'], iz: ['S02000001', 'Eastmuir North'], ward: ['S13000001', 'Muirend'], hscp: ['S37000001', 'Eastmuir HSCP'] },
  { code: 'S01000010', copyOf: 'S01000002', rank: 2200, council: ['S12000001', 'Eastmuir'], iz: ['S02000002', 'Eastmuir South'], ward: ['S13000002', 'Braeside'], hscp: ['S37000001', 'Eastmuir HSCP'] },
  { code: 'S01000011', copyOf: 'S01000003', rank: 3600, council: ['S12000002', 'Westhaugh'], iz: ['S02000003', 'Westhaugh'], ward: ['S13000003', 'Westhaugh Ward'], hscp: ['S37000002', 'Westhaugh HSCP'] },
  { code: 'S01000012', copyOf: 'S01000004', rank: 6500, council: ['S12000002', 'Westhaugh'], iz: ['S02000003', 'Westhaugh'], ward: ['S13000003', 'Westhaugh Ward'], hscp: ['S37000002', 'Westhaugh HSCP'] },
] as const;

/** Appends, for each extra zone, a copy of every line that names the zone it copies. */
function cloneLines(text: string, quoted: boolean): string {
  const lines = text.trimEnd().split('\n');
  const extra: string[] = [];
  for (const zone of EXTRA_ZONES) {
    const from = quoted ? `"${zone.copyOf}"` : zone.copyOf;
    const to = quoted ? `"${zone.code}"` : zone.code;
    for (const line of lines.slice(1)) if (line.split(',').includes(from)) extra.push(line.split(',').map((cell) => (cell === from ? to : cell)).join(','));
  }
  return [...lines, ...extra].join('\n') + '\n';
}

function lookup(text: string): string {
  const rows = EXTRA_ZONES.map((z, i) =>
    [z.code, `${z.iz[1]} - ${9 + i}`, ...z.iz, ...z.ward, ...z.council, 'S16000001', 'Test SPC', 'S08000001', 'Testshire', ...z.hscp, 'S92000003', 'Scotland'].join(','));
  return text.trimEnd() + '\n' + rows.join('\n') + '\n';
}

function simdRanks(text: string): string {
  const lines = text.trimEnd().split('\n');
  const extra = EXTRA_ZONES.map((zone) => {
    const source = lines.find((line) => line.startsWith(`"${zone.copyOf}"`))!.split(',');
    source[0] = `"${zone.code}"`;
    source[9] = String(zone.rank); // IMD_rank; the published decile columns are ignored by the ETL
    return source.join(',');
  });
  return [...lines, ...extra].join('\n') + '\n';
}

function boundaries(text: string): string {
  const collection = JSON.parse(text) as { features: unknown[] };
  EXTRA_ZONES.forEach((zone, i) => {
    const x = 300000 + i * 1000;
    collection.features.push({
      type: 'Feature', properties: { DataZone: zone.code, Name: zone.code },
      geometry: { type: 'Polygon', coordinates: [[[x, 702000], [x + 1000, 702000], [x + 1000, 703000], [x, 703000], [x, 702000]]] },
    });
  });
  return JSON.stringify(collection);
}

function locality(text: string): string {
  const areaOf = new Map(text.trim().split('\n').slice(1).map((line) => [line.split(',')[0]!, line.split(',').slice(1).join(',')]));
  return text.trimEnd() + '\n' + EXTRA_ZONES.map((z) => `${z.code},${areaOf.get(z.copyOf)!}`).join('\n') + '\n';
}

/** A scratch copy of the twelve-zone fixture; `edits` run after the growth (on the grown files). */
export function twelveZoneFixture(edits: Record<string, (text: string) => string> = {}): { dir: string; manifest: Manifest; read: (file: string) => string } {
  const grow: Record<string, (text: string) => string> = {
    'lookup_dz.csv': lookup,
    'simd_ranks.csv': simdRanks,
    'simd_indicators.csv': (t) => cloneLines(t, true),
    'population_2020.csv': (t) => cloneLines(t, true),
    // Medians are given for every zone of Westhaugh or none: its new zone 11 copies no median.
    'observations.csv': (t) => cloneLines(t, false) + 'test_median_price,2022,S01000011,,,149000\n',
    'boundaries_dz.geojson': boundaries,
    'locality.csv': locality,
  };
  const all = { ...grow };
  for (const [file, edit] of Object.entries(edits)) {
    const first = grow[file];
    all[file] = first ? (t) => edit(first(t)) : edit;
  }
  const { dir, manifest } = fixtureCopy(all);
  return { dir, manifest, read: (file) => readFileSync(join(dir, file), 'utf8') };
}
