/**
 * Partner spend by data zone, 2016/17 to 2021/22, in the template layout (spend.csv). Spend
 * follows need (deprivation, age, rurality) with patterns worth finding: music tuition and sports
 * subsidies concentrated in the least deprived areas, early learning and childcare rising fast
 * with the 1,140-hours expansion, central costs 'unallocated', some rows placed by postcode, and a
 * few refunds as negative amounts. Each council spends only in its own data zones; the NHS board,
 * police, fire, the college and the housing association work across the whole region.
 */
import { csvLine, fixed } from './csv.ts';
import type { Denominator, Denominators } from './denominators.ts';
import type { Geography } from './hierarchy.ts';
import type { Covariates } from './indicators.ts';
import type { PostcodeRecord } from './postcodes.ts';
import type { Random } from './random.ts';

export const SPEND_YEARS = ['2016/17', '2017/18', '2018/19', '2019/20', '2020/21', '2021/22'] as const;

/** Stands for each council in turn: "Firthshire Council", then the second council. */
const COUNCIL = 'Council';
const NHS = 'NHS Firthshire';
const POLICE = 'Police Scotland (Firthshire Division)';
const FIRE = 'Scottish Fire and Rescue Service (Firthshire)';
const COLLEGE = 'Firthshire College';
const HOUSING = 'Firth Coast Housing Association';

interface Service {
  partner: string;
  service: string;
  /** Who uses it. */
  users: Denominator;
  /** Pounds per user per year in 2016/17 in an average area. */
  perUser: number;
  unit?: { name: string; cost: number };
  dep?: number;
  urban?: number;
  rural?: number;
  older?: number;
  covid?: number;
  /** Real-terms growth per year, or a multiplier for each year. */
  growth?: number | readonly number[];
  /** Share of the service's spend that cannot be placed in a data zone. */
  unallocated?: number;
  /** Rows are recorded against a client's postcode instead of a data zone. */
  byPostcode?: boolean;
}

const SERVICES: Service[] = [
  { partner: COUNCIL, service: 'Home care', users: 'age_75_plus', perUser: 1450, unit: { name: 'hour of care', cost: 22.4 }, dep: 0.3, growth: 0.03 },
  { partner: COUNCIL, service: 'Residential care', users: 'age_85_plus', perUser: 8800, unit: { name: 'week of care', cost: 690 }, dep: 0.1, covid: -0.1 },
  { partner: COUNCIL, service: "Children's social work", users: 'children', perUser: 240, unit: { name: 'open case', cost: 6400 }, dep: 1.1 },
  { partner: COUNCIL, service: 'Homelessness services', users: 'households', perUser: 26, unit: { name: 'case', cost: 1850 }, dep: 1.0, urban: 0.4 },
  { partner: COUNCIL, service: 'Primary education', users: 'primary_age', perUser: 5600, unit: { name: 'pupil', cost: 5600 }, dep: 0.06 },
  { partner: COUNCIL, service: 'Secondary education', users: 'secondary_age', perUser: 7300, unit: { name: 'pupil', cost: 7300 }, dep: 0.05 },
  { partner: COUNCIL, service: 'Early learning and childcare', users: 'age_3_4', perUser: 2500, unit: { name: 'funded place', cost: 2500 }, dep: 0.1, growth: [1, 1.06, 1.2, 1.62, 2.05, 2.3] },
  { partner: COUNCIL, service: 'Library services', users: 'all', perUser: 13, unit: { name: 'visit', cost: 4.6 }, urban: 0.4, dep: -0.1, growth: -0.03, covid: -0.6 },
  { partner: COUNCIL, service: 'Sports and leisure facilities', users: 'all', perUser: 34, unit: { name: 'visit', cost: 3.9 }, dep: -0.8, covid: -0.9 },
  { partner: COUNCIL, service: 'Instrumental music tuition', users: 'pupils', perUser: 38, unit: { name: 'pupil taught', cost: 330 }, dep: -1.1 },
  { partner: COUNCIL, service: 'Waste collection', users: 'households', perUser: 96, unit: { name: 'household served', cost: 96 }, rural: 0.25 },
  { partner: COUNCIL, service: 'Street cleaning', users: 'households', perUser: 31, urban: 0.8, dep: 0.3 },
  { partner: COUNCIL, service: 'Roads maintenance', users: 'all', perUser: 52, rural: 0.9, unallocated: 0.1 },
  { partner: COUNCIL, service: 'Employability support', users: 'working_age', perUser: 17, unit: { name: 'participant', cost: 1480 }, dep: 1.2, covid: 0.3 },
  { partner: COUNCIL, service: 'Council Tax Reduction', users: 'households', perUser: 150, unit: { name: 'household', cost: 760 }, dep: 1.0 },
  { partner: NHS, service: 'GP prescribing', users: 'all', perUser: 185, unit: { name: 'item', cost: 10.4 }, dep: 0.25, older: 0.3, growth: 0.02 },
  { partner: NHS, service: 'District nursing', users: 'age_75_plus', perUser: 640, unit: { name: 'visit', cost: 46 }, dep: 0.2, rural: 0.2 },
  { partner: NHS, service: 'Emergency admissions', users: 'all', perUser: 470, unit: { name: 'admission', cost: 2900 }, dep: 0.3, older: 0.3, covid: -0.15 },
  { partner: NHS, service: 'Community mental health', users: 'adults', perUser: 58, unit: { name: 'contact', cost: 128 }, dep: 0.6, growth: 0.04 },
  { partner: NHS, service: 'Alcohol and drug services', users: 'working_age', perUser: 21, unit: { name: 'client', cost: 2350 }, dep: 1.3, growth: 0.05 },
  { partner: NHS, service: 'Health visiting', users: 'births', perUser: 1100, unit: { name: 'home visit', cost: 62 }, dep: 0.3 },
  { partner: POLICE, service: 'Response policing', users: 'all', perUser: 92, unit: { name: 'incident', cost: 340 }, dep: 0.6, urban: 0.6, unallocated: 0.12 },
  { partner: POLICE, service: 'Community policing', users: 'all', perUser: 38, urban: 0.4, dep: 0.3 },
  { partner: FIRE, service: 'Emergency response', users: 'households', perUser: 44, unit: { name: 'incident', cost: 3150 }, dep: 0.5, rural: 0.2, unallocated: 0.08 },
  { partner: FIRE, service: 'Home fire safety visits', users: 'age_65_plus', perUser: 5, unit: { name: 'visit', cost: 84 }, dep: 0.4, covid: -0.8 },
  { partner: COLLEGE, service: 'Further education courses', users: 'working_age', perUser: 44, unit: { name: 'enrolment', cost: 1900 }, dep: 0.2, growth: -0.02 },
  { partner: COLLEGE, service: 'Community learning', users: 'adults', perUser: 6, unit: { name: 'learner', cost: 240 }, dep: 0.5, covid: -0.5, byPostcode: true },
  { partner: HOUSING, service: 'Repairs and maintenance', users: 'households', perUser: 118, unit: { name: 'repair', cost: 310 }, dep: 1.2, rural: -0.5 },
  { partner: HOUSING, service: 'Tenancy sustainment', users: 'households', perUser: 14, unit: { name: 'tenancy supported', cost: 880 }, dep: 1.3 },
  { partner: HOUSING, service: 'Aids and adaptations', users: 'age_65_plus', perUser: 7, unit: { name: 'adaptation', cost: 2400 }, dep: 0.8, byPostcode: true },
];

/** Central costs no partner can place, in pounds for 2016/17 (the councils' shared by size). */
const CENTRAL_COSTS: [string, number][] = [
  [COUNCIL, 14_500_000],
  [NHS, 9_200_000],
  [POLICE, 3_100_000],
  [FIRE, 1_150_000],
  [COLLEGE, 2_400_000],
  [HOUSING, 1_650_000],
];

/** Pandemic disruption by financial year. */
const COVID = [0, 0, 0, 0.08, 1, 0.4];
const INFLATION = 1.025;

interface SpendRow {
  partner: string;
  service: string;
  year: string;
  dzCode: string | null;
  postcode: string | null;
  amount: number;
  activity: number | null;
  unit: string | null;
}

/** A council as a spending partner: its name in spend.csv and the data zones it serves. */
export interface CouncilPartner {
  partner: string;
  members: number[];
}

export function councilPartners(geography: Geography): CouncilPartner[] {
  return geography.councils.map((c) => ({ partner: `${c.place} Council`, members: c.members }));
}

export function generateSpend(denominators: Denominators, cov: Covariates, codes: string[], postcodes: PostcodeRecord[], councils: CouncilPartner[], rng: Random): SpendRow[] {
  const livePostcodes = codes.map(() => [] as string[]);
  for (const p of postcodes) if (!p.deleted) livePostcodes[p.zone]!.push(p.postcode);
  const rows: SpendRow[] = [];
  const everywhere = codes.map(() => true);
  const services = SERVICES.flatMap((s) =>
    s.partner === COUNCIL
      ? councils.map((c) => {
          const own = new Set(c.members);
          return { ...s, partner: c.partner, serves: codes.map((_, i) => own.has(i)) };
        })
      : [{ ...s, serves: everywhere }],
  );

  for (const s of services) {
    const srng = rng.fork(`${s.partner}/${s.service}`);
    const zoneEffect = codes.map(() => srng.normal(0, 0.15));
    SPEND_YEARS.forEach((year, k) => {
      const growth = Array.isArray(s.growth) ? (s.growth[k] as number) : Math.pow(1 + ((s.growth as number | undefined) ?? 0), k);
      const price = Math.pow(INFLATION, k);
      let placed = 0;
      codes.forEach((code, i) => {
        if (!s.serves[i]) return;
        const users = denominators.of(s.users, 2016 + k, i);
        const eta =
          (s.dep ?? 0) * cov.deprivation[i]! +
          (s.urban ?? 0) * cov.urban[i]! +
          (s.rural ?? 0) * cov.rural[i]! +
          (s.older ?? 0) * cov.older[i]! +
          (s.covid ?? 0) * (COVID[k] as number) +
          zoneEffect[i]!;
        const expected = users * s.perUser * growth * Math.exp(eta);
        let amount: number;
        let activity: number | null = null;
        if (s.unit) {
          const unitCost = s.unit.cost * price;
          activity = srng.poisson(expected / s.unit.cost);
          amount = activity * unitCost * Math.exp(srng.normal(0, 0.04));
        } else {
          amount = expected * price * Math.exp(srng.normal(0, 0.08));
        }
        if (amount < 0.5) return;
        placed += amount;
        const postcodeList = livePostcodes[i]!;
        const byPostcode = s.byPostcode && postcodeList.length > 0;
        rows.push({
          partner: s.partner,
          service: s.service,
          year,
          dzCode: byPostcode ? null : code,
          postcode: byPostcode ? srng.pick(postcodeList) : null,
          amount,
          activity,
          unit: s.unit ? s.unit.name : null,
        });
      });
      if (s.unallocated) {
        rows.push({ partner: s.partner, service: s.service, year, dzCode: 'unallocated', postcode: null, amount: (placed * s.unallocated) / (1 - s.unallocated), activity: null, unit: null });
      }
    });
  }

  // Refunds of residential care charges: negative amounts in a handful of the first council's zones.
  const refunds = rng.fork('refunds');
  const first = councils[0] as CouncilPartner;
  for (let r = 0; r < 5; r++) {
    rows.push({
      partner: first.partner,
      service: 'Residential care',
      year: refunds.pick(SPEND_YEARS.slice(2)),
      dzCode: codes[refunds.pick(first.members)] as string,
      postcode: null,
      amount: -refunds.uniform(800, 9000),
      activity: null,
      unit: null,
    });
  }

  const central = CENTRAL_COSTS.flatMap(([partner, base]): [string, number][] =>
    partner === COUNCIL ? councils.map((c) => [c.partner, (base * c.members.length) / codes.length]) : [[partner, base]],
  );
  for (const [partner, base] of central) {
    SPEND_YEARS.forEach((year, k) => {
      rows.push({ partner, service: 'Central support services', year, dzCode: 'unallocated', postcode: null, amount: base * Math.pow(INFLATION, k), activity: null, unit: null });
    });
  }
  return rows;
}

export function spendCsv(rows: SpendRow[]): string {
  const header = 'partner,service,financial_year,dz_code,postcode,amount_gbp,activity_count,activity_unit';
  const lines = rows.map((r) => csvLine([r.partner, r.service, r.year, r.dzCode, r.postcode, fixed(r.amount, 2), r.activity, r.unit]));
  return [header, ...lines].join('\n') + '\n';
}
