/**
 * The scale bench's synthetic workload on the real geography: N partner indicators × P annual
 * periods × every 2011 data zone of data/scotland, and a spend file, in the partner templates'
 * layouts (data/templates/), plus a manifest that builds them together with data/scotland's own
 * sources. Seeded, so the same options write the same bytes. Files are written through streams a
 * block of rows at a time: at the default 42M observations the CSV is about 1.9 GB.
 * Everything written is labelled synthetic, in the titles, the sources, the publishers and the
 * manifest, so no figure of a scale build can be taken for a real one.
 */
import { createWriteStream, mkdirSync, statSync, writeFileSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { isAbsolute, join, resolve } from 'node:path';
import { THEMES, type ThemeKey } from '../../../geographies/src/levels.ts';
import { cell, readCsv } from '../../../etl/src/csv.ts';
import { manifestForFolder } from '../../../etl/src/detect.ts';
import { Random } from '../../../etl/src/demo/random.ts';
import type { Manifest, SourceEntry } from '../../../etl/src/manifest.ts';
import { SCOTLAND_DATA } from '../../../etl/src/testing.ts';

export const SYNTHETIC = 'synthetic (AreaLens scale bench)';
export const SCALE_LABEL = 'Scale bench (synthetic indicators on the real geography)';
/** The latest period written; P periods run back from it (2009…2023 for 15). */
const LAST_YEAR = 2023;
/**
 * Indicators per observations file: about 950 MB at 15 periods, past V8's longest string (512 MiB),
 * so a build of it shows the ETL streams its files rather than reading them whole.
 */
const INDICATORS_PER_FILE = 200;
/** Share of cells the synthetic publisher withheld (`*`), besides the small counts some suppress. */
const WITHHELD = 0.002;

export interface ScaleOptions {
  indicators: number;
  periods: number;
  spendRows: number;
  seed?: string;
}

type Kind = 'proportion' | 'rate' | 'count' | 'standardised_ratio' | 'mean';

export interface ScaleIndicator {
  code: string;
  kind: Kind;
  aggregation: 'sum' | 'ratio' | 'standardised_ratio' | 'population_weighted_mean';
}

export interface ScaleWorkload {
  dir: string;
  manifestFile: string;
  indicators: ScaleIndicator[];
  periods: string[];
  /** The 2011 data zones, sorted by code (neighbours in a council mostly have neighbouring codes). */
  dataZones: string[];
  observationRows: number;
  /** Cells written as `*`. */
  withheldCells: number;
  /** Numerators of 1 to 4 written as they are (the server suppresses them at its threshold). */
  smallCounts: number;
  spendRows: number;
  /** Bytes of CSV written. */
  bytes: number;
  seconds: number;
}

interface Zone {
  code: string;
  /** Mid-2021 population (NRS small area estimates, the build's latest year). */
  population: number;
  /** 0 for the least deprived data zone to 1 for the most, from SIMD 2020v2's rank. */
  deprivation: number;
}

/** The real data zones with their people and deprivation, read from data/scotland (a second). */
function realZones(): Zone[] {
  const population = readCsv(join(SCOTLAND_DATA, 'population/nrs_sape_mid2021_dz2011_total.csv.gz'));
  const simd = readCsv(join(SCOTLAND_DATA, 'simd/simd2020v2_dz2011_domain_ranks.csv.gz'));
  const rankOf = new Map(simd.rows.map((row) => [cell(simd, row, 'dz11_code'), Number(cell(simd, row, 'IMD_rank'))]));
  const zones = population.rows.map((row) => {
    const code = cell(population, row, 'dz11_code');
    const rank = rankOf.get(code);
    if (rank === undefined) throw new Error(`data zone ${code} has no SIMD 2020v2 rank in data/scotland`);
    return { code, population: Number(cell(population, row, 'total_population')), deprivation: 1 - (rank - 1) / (simd.rows.length - 1) };
  });
  return zones.sort((a, b) => (a.code < b.code ? -1 : 1));
}

const TOPICS: Record<ThemeKey, string[]> = {
  population: ['Households', 'Migration', 'Births'],
  wealthier_fairer: ['Income', 'Employment', 'Benefits'],
  healthier: ['Hospital admissions', 'Prescribing', 'Screening'],
  safer_stronger: ['Crime', 'Fires', 'Antisocial behaviour'],
  smarter: ['Attainment', 'Attendance', 'Libraries'],
  greener: ['Travel', 'Recycling', 'Green space'],
  spend_resources: ['Service use', 'Grants', 'Housing repairs'],
};

interface Spec extends ScaleIndicator {
  theme: ThemeKey;
  topic: string;
  polarity: 'higher_is_better' | 'higher_is_worse' | 'neither';
  /** Share of a zone's people in the denominator (the children, the adults, everyone). */
  share: number;
  /** Rate in a middling zone in 2021: a proportion, events per person, or a mean. */
  base: number;
  /** How strongly the rate follows deprivation (log scale; negative: lower in deprived zones). */
  gradient: number;
  /** Change per year from 2021 (log scale). */
  trend: number;
  /** Spread of the zones' own level around the gradient (log scale), kept across periods. */
  spread: number;
  /** Counts below 5 written as `*`, as some publishers do. */
  suppressesSmall: boolean;
}

const KINDS: { kind: Kind; weight: number }[] = [
  { kind: 'proportion', weight: 40 }, { kind: 'rate', weight: 20 }, { kind: 'count', weight: 20 },
  { kind: 'mean', weight: 15 }, { kind: 'standardised_ratio', weight: 5 },
];

function specFor(index: number, width: number, random: Random): Spec {
  const kind = KINDS[random.weightedIndex(KINDS.map((k) => k.weight))]!.kind;
  const theme = THEMES[index % THEMES.length]!.key;
  const gradient = random.chance(0.15) ? random.uniform(-0.1, 0.1) : random.pick([-1, 1]) * random.uniform(0.4, 1.6);
  // Most measures are of something bad that deprivation brings (admissions, crime); a few of something good.
  const polarity = Math.abs(gradient) < 0.1 ? 'neither' : gradient > 0 ? 'higher_is_worse' : 'higher_is_better';
  const aggregation = kind === 'proportion' || kind === 'rate' ? 'ratio' : kind === 'count' ? 'sum' : kind === 'mean' ? 'population_weighted_mean' : 'standardised_ratio';
  const base = kind === 'proportion' ? random.uniform(0.03, 0.35) : kind === 'rate' ? random.uniform(0.003, 0.08)
    : kind === 'count' ? random.uniform(0.0005, 0.03) : kind === 'mean' ? random.uniform(5, 40) : 1;
  return {
    code: `scale_${String(index + 1).padStart(width, '0')}_${kind === 'standardised_ratio' ? 'sr' : kind}`,
    kind, aggregation, theme, topic: random.pick(TOPICS[theme]), polarity,
    share: kind === 'proportion' ? random.pick([0.17, 0.63, 0.81, 1]) : 1,
    base, gradient, trend: random.uniform(-0.03, 0.03), spread: random.uniform(0.05, 0.3),
    suppressesSmall: kind === 'count' && random.chance(0.25),
  };
}

function metadataRow(spec: Spec): string[] {
  const shape: Record<Kind, { unit: string; measure: string; multiplier: number; what: string }> = {
    proportion: { unit: '%', measure: 'proportion', multiplier: 100, what: 'share of people' },
    rate: { unit: 'per 1,000 people', measure: 'rate', multiplier: 1000, what: 'events per 1,000 people' },
    count: { unit: 'people', measure: 'count', multiplier: 1, what: 'count' },
    mean: { unit: 'minutes', measure: 'mean', multiplier: 1, what: 'mean travel time' },
    standardised_ratio: { unit: 'ratio', measure: 'standardised_ratio', multiplier: 100, what: 'standardised ratio (Scotland = 100)' },
  };
  const s = shape[spec.kind];
  const threshold = spec.kind === 'mean' ? '' : '5';
  return [
    spec.code, `${spec.topic}: ${s.what} (${spec.code}), ${SYNTHETIC}`, spec.theme, spec.topic, s.unit, s.measure, spec.aggregation,
    String(s.multiplier), spec.polarity, SYNTHETIC, SYNTHETIC, 'Synthetic data: not a publication',
    '2024-06-30', `Generated by tests/bench/scale/generate.ts to time AreaLens at volume; ${SYNTHETIC}. No figure describes a real place.`,
    'synthetic;scale bench', threshold, 'dz2011',
  ];
}

const csvField = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);

/** Writes one block of text, waiting when the stream's buffer is full. */
async function write(stream: WriteStream, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

async function close(stream: WriteStream): Promise<void> {
  stream.end();
  await once(stream, 'finish');
}

/** One indicator's rows for one period, every data zone: a block of about 300 KB. */
function observationBlock(spec: Spec, period: string, zones: Zone[], zoneEffect: Float64Array, random: Random, counts: { withheld: number; small: number }): string {
  const lines: string[] = new Array(zones.length);
  const fromMid2021 = Number(period) - 2021;
  const growth = Math.exp(spec.trend * fromMid2021);
  for (let z = 0; z < zones.length; z++) {
    const zone = zones[z]!;
    // Zones grow or shrink a little around their mid-2021 people; the denominator is who the measure is about.
    const people = Math.max(20, Math.round(zone.population * (1 + 0.004 * fromMid2021) * (1 + random.normal(0, 0.01))));
    const level = spec.base * growth * Math.exp(spec.gradient * (zone.deprivation - 0.5) + zoneEffect[z]!);
    const withheld = random.chance(WITHHELD);
    let numerator = '';
    let denominator = '';
    let value = '';
    switch (spec.kind) {
      case 'proportion': {
        const n = Math.max(1, Math.round(people * spec.share));
        numerator = String(random.binomial(n, Math.min(0.98, level)));
        denominator = String(n);
        break;
      }
      case 'rate':
        numerator = String(random.poisson(people * level));
        denominator = String(people);
        break;
      case 'count': {
        const count = random.poisson(people * level);
        numerator = spec.suppressesSmall && count > 0 && count < 5 ? '*' : String(count);
        break;
      }
      case 'standardised_ratio': {
        // Expected from Scotland's rates for the zone's people; observed follows the zone's own risk.
        const expected = people * 0.01;
        numerator = String(random.poisson(expected * level));
        denominator = expected.toFixed(2);
        break;
      }
      case 'mean':
        value = Math.max(0.5, level * (1 + random.normal(0, 0.05))).toFixed(1);
        break;
    }
    if (withheld) {
      if (spec.kind === 'mean') value = '*';
      else numerator = '*';
    }
    if (numerator === '*' || value === '*') counts.withheld += 1;
    else if (numerator.length === 1 && numerator > '0' && numerator < '5') counts.small += 1;
    lines[z] = `${spec.code},${period},${zone.code},${numerator},${denominator},${value}\n`;
  }
  return lines.join('');
}

interface SpendService {
  partner: string;
  service: string;
  perHead: number;
  gradient: number;
  unit: { name: string; cost: number } | null;
}

const SPEND_SERVICES: SpendService[] = (() => {
  const partners = ['Synthetic Council', 'Synthetic Health Board', 'Synthetic Police Division', 'Synthetic Housing Association'].map((p) => `${p}, ${SYNTHETIC}`);
  const services: Omit<SpendService, 'partner'>[][] = [
    [
      { service: 'Home care', perHead: 140, gradient: 0.3, unit: { name: 'hour of care', cost: 22.4 } },
      { service: 'Library services', perHead: 13, gradient: -0.1, unit: { name: 'visit', cost: 4.6 } },
      { service: 'Waste collection', perHead: 45, gradient: 0, unit: { name: 'household served', cost: 96 } },
      { service: 'Employability support', perHead: 17, gradient: 1.2, unit: { name: 'participant', cost: 1480 } },
      { service: 'Sports and leisure', perHead: 34, gradient: -0.8, unit: { name: 'visit', cost: 3.9 } },
      { service: 'Roads maintenance', perHead: 52, gradient: 0, unit: null },
    ],
    [
      { service: 'GP prescribing', perHead: 185, gradient: 0.25, unit: { name: 'item', cost: 10.4 } },
      { service: 'District nursing', perHead: 60, gradient: 0.2, unit: { name: 'visit', cost: 46 } },
      { service: 'Emergency admissions', perHead: 470, gradient: 0.3, unit: { name: 'admission', cost: 2900 } },
      { service: 'Community mental health', perHead: 58, gradient: 0.6, unit: { name: 'contact', cost: 128 } },
      { service: 'Alcohol and drug services', perHead: 21, gradient: 1.3, unit: { name: 'client', cost: 2350 } },
      { service: 'Health visiting', perHead: 12, gradient: 0.3, unit: { name: 'home visit', cost: 62 } },
    ],
    [
      { service: 'Response policing', perHead: 92, gradient: 0.6, unit: { name: 'incident', cost: 340 } },
      { service: 'Community policing', perHead: 38, gradient: 0.3, unit: null },
      { service: 'Road policing', perHead: 11, gradient: 0, unit: null },
      { service: 'Youth diversion', perHead: 4, gradient: 1.1, unit: { name: 'young person', cost: 650 } },
      { service: 'Victim support', perHead: 3, gradient: 0.8, unit: { name: 'case', cost: 420 } },
      { service: 'Domestic abuse response', perHead: 9, gradient: 0.7, unit: { name: 'case', cost: 1200 } },
    ],
    [
      { service: 'Repairs and maintenance', perHead: 118, gradient: 1.2, unit: { name: 'repair', cost: 310 } },
      { service: 'Tenancy sustainment', perHead: 14, gradient: 1.3, unit: { name: 'tenancy supported', cost: 880 } },
      { service: 'Aids and adaptations', perHead: 7, gradient: 0.8, unit: { name: 'adaptation', cost: 2400 } },
      { service: 'Energy advice', perHead: 5, gradient: 0.9, unit: { name: 'household advised', cost: 150 } },
      { service: 'Estate management', perHead: 22, gradient: 1, unit: null },
      { service: 'New build programme', perHead: 60, gradient: 0.2, unit: null },
    ],
  ];
  return partners.flatMap((partner, i) => services[i]!.map((s) => ({ partner, ...s })));
})();

/** Financial years, latest 2023/24, as many as the rows need (five at the default 837,120). */
function financialYears(rows: number, zones: number): string[] {
  const count = Math.max(5, Math.ceil(rows / (zones * SPEND_SERVICES.length)));
  return Array.from({ length: count }, (_, i) => {
    const start = LAST_YEAR - count + 1 + i;
    return `${start}/${String((start + 1) % 100).padStart(2, '0')}`;
  });
}

/** Spend rows: partner × service × financial year × data zone, in that order, cut at `rows`. */
async function writeSpend(file: string, rows: number, zones: Zone[], random: Random): Promise<void> {
  const stream = createWriteStream(file);
  await write(stream, 'partner,service,financial_year,dz_code,postcode,amount_gbp,activity_count,activity_unit\n');
  const years = financialYears(rows, zones.length);
  let written = 0;
  outer: for (const service of SPEND_SERVICES) {
    const partner = csvField(service.partner);
    const zoneEffect = zones.map(() => random.normal(0, 0.25));
    for (const [y, year] of years.entries()) {
      const lines: string[] = [];
      for (let z = 0; z < zones.length; z++) {
        if (written === rows) {
          await write(stream, lines.join(''));
          break outer;
        }
        const zone = zones[z]!;
        const expected = zone.population * service.perHead * 1.03 ** y * Math.exp(service.gradient * (zone.deprivation - 0.5) + zoneEffect[z]!);
        // A few refunds, as partners' ledgers carry them.
        const amount = random.chance(0.004) ? -random.uniform(50, 2000) : expected * (1 + random.normal(0, 0.08));
        const activity = service.unit && amount > 0 ? String(Math.round(amount / service.unit.cost)) : '';
        lines.push(`${partner},${service.service},${year},${zone.code},,${amount.toFixed(2)},${activity},${service.unit && activity ? service.unit.name : ''}\n`);
        written += 1;
      }
      await write(stream, lines.join(''));
    }
  }
  await close(stream);
}

/** data/scotland's own sources, their files named by absolute path so the manifest can live in /tmp. */
function realSources(): SourceEntry[] {
  const absolute = (file: string) => (isAbsolute(file) ? file : resolve(SCOTLAND_DATA, file));
  return manifestForFolder(SCOTLAND_DATA).sources.map((entry) => {
    if (!('file' in entry)) throw new Error(`data/scotland gives a ${entry.kind} source with no file; the scale bench does not know how to carry it`);
    // Real official files: their figures, publishers and attributions stay real in the synthetic build.
    return { ...entry, file: absolute(entry.file), synthetic: false };
  });
}

/** Writes the workload into `dir` (a scratch folder; never the repository) and its manifest.json. */
export async function generateWorkload(dir: string, options: ScaleOptions): Promise<ScaleWorkload> {
  const t0 = performance.now();
  mkdirSync(dir, { recursive: true });
  const root = new Random(options.seed ?? 'arealens-scale-bench');
  const zones = realZones();
  const periods = Array.from({ length: options.periods }, (_, i) => String(LAST_YEAR - options.periods + 1 + i));
  const width = Math.max(3, String(options.indicators).length);
  const specs = Array.from({ length: options.indicators }, (_, i) => specFor(i, width, root.fork(`indicator-${i}`)));

  writeFileSync(join(dir, 'indicators.csv'), [
    'id,title,theme,topic,unit,measure_type,aggregation,multiplier,polarity,source,publisher,licence,date_published,notes,keywords,disclosure_threshold,vintage',
    ...specs.map((spec) => metadataRow(spec).map(csvField).join(',')),
  ].join('\n') + '\n');

  const observationFiles: string[] = [];
  const counts = { withheld: 0, small: 0 };
  for (let first = 0; first < specs.length; first += INDICATORS_PER_FILE) {
    const name = `observations-${String(observationFiles.length + 1).padStart(3, '0')}.csv`;
    observationFiles.push(name);
    const stream = createWriteStream(join(dir, name));
    await write(stream, 'indicator_id,period,dz_code,numerator,denominator,value\n');
    for (const spec of specs.slice(first, first + INDICATORS_PER_FILE)) {
      const random = root.fork(`observations-${spec.code}`);
      const zoneEffect = Float64Array.from(zones, () => random.normal(0, spec.spread));
      for (const period of periods) {
        await write(stream, observationBlock(spec, period, zones, zoneEffect, random, counts));
      }
    }
    await close(stream);
  }
  await writeSpend(join(dir, 'spend.csv'), options.spendRows, zones, root.fork('spend'));

  const manifest: Manifest = {
    label: SCALE_LABEL,
    synthetic: true,
    sources: [
      ...realSources(),
      { kind: 'indicators', metadata: 'indicators.csv', observations: observationFiles },
      { kind: 'spend', file: 'spend.csv' },
    ],
  };
  const manifestFile = join(dir, 'manifest.json');
  writeFileSync(manifestFile, JSON.stringify(manifest, null, 2) + '\n');
  const bytes = ['indicators.csv', 'spend.csv', ...observationFiles].reduce((n, f) => n + statSync(join(dir, f)).size, 0);
  return {
    dir, manifestFile, indicators: specs.map(({ code, kind, aggregation }) => ({ code, kind, aggregation })), periods,
    dataZones: zones.map((z) => z.code), observationRows: specs.length * periods.length * zones.length, withheldCells: counts.withheld, smallCounts: counts.small,
    spendRows: options.spendRows, bytes, seconds: (performance.now() - t0) / 1000,
  };
}
