/**
 * The geography hierarchy as declared data. The ETL, the API and the web pages all import this:
 * nothing else decides what a level is, what its codes look like or how data zones belong to it.
 */

/** How data zones belong to areas of a level. */
export type Membership =
  /** Every data zone lies wholly inside one area (data zones were built to nest in these). */
  | 'nested'
  /**
   * Areas do not follow data-zone edges; each data zone is given to one area, from a published
   * best-fit lookup where one exists, else the area holding its population-weighted centroid.
   */
  | 'best_fit';

export interface LevelDefinition {
  /** Stable key used in URLs, the database and file names. */
  key: string;
  label: string;
  /** Plural label for lists and menus. */
  plural: string;
  /** What area codes of this level look like. */
  codePattern: RegExp;
  /** Levels that contain this one, nearest first (best-fit parents included). */
  parents: string[];
  membership: Membership | 'base';
  /** The data-zone vintage that areas of this level are built from. */
  dataZoneVintage: DataZoneVintage;
  /** Years the level was in use, where it has been replaced. */
  inUse?: { from?: number; to?: number };
  notes?: string;
}

export type DataZoneVintage = 'dz2011' | 'dz2022';

export const DATA_ZONE_VINTAGES: readonly DataZoneVintage[] = ['dz2011', 'dz2022'];

/**
 * GSS codes have a three-character entity prefix and six digits. Localities use ScotPHO's S99
 * pseudo-codes (no official GSS codes are published for HSCP localities). Community councils have
 * no GSS codes, so any short code the council uses is accepted.
 */
const gss = (entity: string) => new RegExp(`^${entity}\\d{6}$`);

export const LEVELS: readonly LevelDefinition[] = [
  {
    key: 'dz2011',
    label: 'Data zone (2011)',
    plural: 'Data zones (2011)',
    codePattern: gss('S01'),
    parents: ['iz2011', 'ward2017', 'ward2022', 'locality', 'community_council', 'chp', 'hscp', 'council', 'health_board', 'police_division', 'fire_lso2024', 'spc2011', 'ukpc2024', 'urban_rural6_2020', 'scotland'],
    membership: 'base',
    dataZoneVintage: 'dz2011',
    notes: '6,976 data zones of 500–1,000 household residents, built from 2011 Census output areas.',
  },
  {
    key: 'dz2022',
    label: 'Data zone (2022)',
    plural: 'Data zones (2022)',
    codePattern: gss('S01'),
    parents: ['iz2022', 'ward2022', 'hscp', 'council', 'health_board', 'police_division', 'fire_lso2024', 'spc2011', 'ukpc2024', 'urban_rural6_2020', 'scotland'],
    membership: 'base',
    dataZoneVintage: 'dz2022',
    notes: '7,392 data zones revised after the 2022 Census; they replace the 2011 set. No official lookup between 2011 and 2022 data zones is published in the data AreaLens holds, so figures on one set are never moved onto the other.',
  },
  {
    key: 'iz2022',
    label: 'Intermediate zone (2022)',
    plural: 'Intermediate zones (2022)',
    codePattern: gss('S02'),
    parents: ['council', 'scotland'],
    membership: 'nested',
    dataZoneVintage: 'dz2022',
    notes: '1,334 intermediate zones built from the 2022 data zones. Only figures published on 2022 data zones reach them.',
  },
  {
    key: 'iz2011',
    label: 'Intermediate zone',
    plural: 'Intermediate zones',
    codePattern: gss('S02'),
    parents: ['council', 'scotland'],
    membership: 'nested',
    dataZoneVintage: 'dz2011',
  },
  {
    key: 'ward2007',
    label: 'Multi-member ward (2007)',
    plural: 'Multi-member wards (2007)',
    codePattern: gss('S13'),
    parents: ['council', 'scotland'],
    membership: 'best_fit',
    dataZoneVintage: 'dz2011',
    inUse: { from: 2007, to: 2017 },
  },
  {
    key: 'ward2017',
    label: 'Multi-member ward (2017)',
    plural: 'Multi-member wards (2017)',
    codePattern: gss('S13'),
    parents: ['council', 'scotland'],
    membership: 'best_fit',
    dataZoneVintage: 'dz2011',
    inUse: { from: 2017 },
  },
  {
    key: 'ward2022',
    label: 'Multi-member ward (2022)',
    plural: 'Multi-member wards (2022)',
    codePattern: gss('S13'),
    parents: ['council', 'scotland'],
    membership: 'best_fit',
    dataZoneVintage: 'dz2011',
    inUse: { from: 2022 },
    notes: 'Island wards revised under the Islands (Scotland) Act 2018; the rest are the 2017 wards.',
  },
  {
    key: 'chp',
    label: 'Community Health Partnership',
    plural: 'Community Health Partnerships',
    codePattern: gss('S03'),
    parents: ['health_board', 'scotland'],
    membership: 'nested',
    dataZoneVintage: 'dz2011',
    inUse: { from: 2007, to: 2014 },
    notes: 'Abolished in 2014 and replaced by Health and Social Care Partnerships.',
  },
  {
    key: 'hscp',
    label: 'Health and Social Care Partnership',
    plural: 'Health and Social Care Partnerships',
    codePattern: gss('S37'),
    parents: ['health_board', 'scotland'],
    membership: 'nested',
    dataZoneVintage: 'dz2011',
  },
  {
    key: 'locality',
    label: 'HSCP locality',
    plural: 'HSCP localities',
    codePattern: gss('S99'),
    parents: ['hscp', 'council', 'scotland'],
    membership: 'best_fit',
    dataZoneVintage: 'dz2011',
    notes: 'S99 codes are ScotPHO pseudo-codes: no official codes are published for localities.',
  },
  {
    key: 'community_council',
    label: 'Community council area',
    plural: 'Community council areas',
    codePattern: /^[A-Z0-9][A-Z0-9_-]{0,19}$/,
    parents: ['council', 'scotland'],
    membership: 'best_fit',
    dataZoneVintage: 'dz2011',
  },
  {
    key: 'police_division',
    label: 'Police Scotland division',
    plural: 'Police Scotland divisions',
    codePattern: gss('S32'),
    parents: ['scotland'],
    membership: 'nested',
    dataZoneVintage: 'dz2011',
    notes: "Police Scotland's 13 local policing divisions, as the SG data zone lookup gives them.",
  },
  {
    key: 'fire_lso2024',
    label: 'Fire and Rescue local senior officer area (2024)',
    plural: 'Fire and Rescue local senior officer areas (2024)',
    codePattern: gss('S39'),
    parents: ['scotland'],
    membership: 'nested',
    dataZoneVintage: 'dz2011',
    inUse: { from: 2024 },
    notes: "The Scottish Fire and Rescue Service's 14 local senior officer areas, each one or more councils, as the SG 2024 data zone lookup gives them.",
  },
  {
    key: 'spc2011',
    label: 'Scottish Parliament constituency (2011)',
    plural: 'Scottish Parliament constituencies (2011)',
    codePattern: gss('S16'),
    parents: ['scotland'],
    membership: 'best_fit',
    dataZoneVintage: 'dz2011',
    inUse: { from: 2011 },
    notes: 'The 73 constituencies of the 2011, 2016 and 2021 Scottish Parliament elections; each data zone as the SG lookup assigns it.',
  },
  {
    key: 'ukpc2024',
    label: 'UK Parliament constituency (2024)',
    plural: 'UK Parliament constituencies (2024)',
    codePattern: gss('S14'),
    parents: ['scotland'],
    membership: 'best_fit',
    dataZoneVintage: 'dz2011',
    inUse: { from: 2024 },
    notes: 'The 57 Scottish constituencies of the 2024 general election; each data zone as the SG 2024 lookup assigns it.',
  },
  {
    key: 'urban_rural6_2020',
    label: 'Urban Rural class (2020, 6-fold)',
    plural: 'Urban Rural classes (2020, 6-fold)',
    codePattern: /^[1-6]$/,
    parents: ['scotland'],
    membership: 'nested',
    dataZoneVintage: 'dz2011',
    notes: 'The Scottish Government Urban Rural Classification 2020: 1 large urban areas … 6 remote rural. Each data zone is classed as a whole, as the SG 2024 lookup classes it; a class is every such data zone in Scotland.',
  },
  {
    key: 'council',
    label: 'Council area',
    plural: 'Council areas',
    codePattern: gss('S12'),
    parents: ['scotland'],
    membership: 'nested',
    dataZoneVintage: 'dz2011',
  },
  {
    key: 'health_board',
    label: 'NHS health board',
    plural: 'NHS health boards',
    codePattern: gss('S08'),
    parents: ['scotland'],
    membership: 'nested',
    dataZoneVintage: 'dz2011',
  },
  {
    key: 'scotland',
    label: 'Scotland',
    plural: 'Scotland',
    codePattern: gss('S92'),
    parents: [],
    membership: 'nested',
    dataZoneVintage: 'dz2011',
  },
];

const byKey = new Map(LEVELS.map((level) => [level.key, level]));

export function findLevel(key: string): LevelDefinition | null {
  return byKey.get(key) ?? null;
}

/** User-defined levels (a CSV of dz_code,area_code,area_name) get keys of this shape. */
export const USER_LEVEL_KEY = /^[a-z][a-z0-9_]{1,39}$/;

/** A permissive pattern for codes of user-defined levels: no spaces or punctuation beyond - and _. */
export const USER_AREA_CODE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;

export function isValidCode(levelKey: string, code: string): boolean {
  const level = byKey.get(levelKey);
  return level ? level.codePattern.test(code) : USER_AREA_CODE.test(code);
}

/** The Community Planning themes, plus Population and Spend and Resources. */
export const THEMES = [
  { key: 'population', label: 'Population' },
  { key: 'wealthier_fairer', label: 'Wealthier and Fairer' },
  { key: 'healthier', label: 'Healthier' },
  { key: 'safer_stronger', label: 'Safer and Stronger' },
  { key: 'smarter', label: 'Smarter' },
  { key: 'greener', label: 'Greener' },
  { key: 'spend_resources', label: 'Spend and Resources' },
] as const;

export type ThemeKey = (typeof THEMES)[number]['key'];
