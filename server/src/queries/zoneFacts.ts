import type { Database } from '../db.ts';
import { listParam } from '../db.ts';
import type { GroupSums } from './groups.ts';

/**
 * The fact table held in memory, zone-major, for custom areas: for each data zone of one set, a
 * cell per indicator × period ("slot"), in typed arrays. A custom area is any list of zones, so
 * no order of the fact table on disk keeps its rows together: DuckDB scanned all 42M rows for a
 * 200-zone area (300–500 ms), and a zone-major copy on disk still read 50–90 ms of row groups for
 * scattered zones. Here a 200-zone profile reads 200 runs of contiguous cells.
 *
 * Memory is 17 bytes a cell (numerator and denominator as doubles, a byte of flags): 721 MB for
 * 6,976 zones × 6,084 slots at 400 indicators × 15 periods, 10 MB for the real build. It is filled
 * in the background once the database opens; until then custom areas are summed in SQL as before.
 * Values themselves are not held: only single data zones use them, and those are summed in SQL.
 */

const PRESENT = 1;
const WITHHELD = 2;
/** Present, not withheld, and neither numerator nor value given (e.g. a zone with nobody in it). */
const MISSING = 4;

export interface ZoneFacts {
  vintage: string;
  /** dz_id → the zone's column, or -1 when it is not a zone of this set. */
  zoneOf: Int32Array;
  /** `indicatorId:periodId` → slot. */
  slotOf: Map<string, number>;
  /** Each indicator's slots, in period order. */
  slotsOf: Map<number, number[]>;
  slotIndicator: Int32Array;
  slotPeriod: Int32Array;
  slots: number;
  numerator: Float64Array;
  denominator: Float64Array;
  flags: Uint8Array;
  bytes: number;
  seconds: number;
}

const loads = new WeakMap<Database, Map<string, { facts: ZoneFacts | null; loading: Promise<ZoneFacts | null> }>>();

/** The facts of one set of data zones if they are loaded; starts loading them if not (and returns null meanwhile). */
export function zoneFactsIfReady(db: Database, vintage: string): ZoneFacts | null {
  return ensureLoading(db, vintage).facts;
}

/** The facts of one set of data zones, once loaded (null when the build has no such zones or the load failed). */
export function zoneFacts(db: Database, vintage: string): Promise<ZoneFacts | null> {
  return ensureLoading(db, vintage).loading;
}

function ensureLoading(db: Database, vintage: string) {
  let perDb = loads.get(db);
  if (!perDb) loads.set(db, (perDb = new Map()));
  let entry = perDb.get(vintage);
  if (!entry) {
    const created: { facts: ZoneFacts | null; loading: Promise<ZoneFacts | null> } = { facts: null, loading: null! };
    created.loading = loadZoneFacts(db, vintage).then((facts) => (created.facts = facts), () => null);
    perDb.set(vintage, (entry = created));
  }
  return entry;
}

/** Reads the fact table of one set of zones into typed arrays, a DuckDB chunk at a time. */
async function loadZoneFacts(db: Database, vintage: string): Promise<ZoneFacts | null> {
  const t0 = performance.now();
  const zones = await db.query<{ dzId: number }>(`SELECT dz_id AS "dzId" FROM data_zone WHERE vintage = $vintage ORDER BY dz_id`, { vintage });
  if (zones.length === 0) return null;
  const pairs = await db.query<{ indicatorId: number; periodId: number }>(`
    SELECT ip.indicator_id AS "indicatorId", ip.period_id AS "periodId" FROM indicator_period ip JOIN period p USING (period_id)
    WHERE ip.vintage = $vintage ORDER BY ip.indicator_id, p.start_date, p.end_date`, { vintage });
  const slots = pairs.length;
  const maxId = zones.at(-1)!.dzId;
  const zoneOf = new Int32Array(maxId + 1).fill(-1);
  zones.forEach((z, column) => (zoneOf[z.dzId] = column));
  const slotOf = new Map<string, number>();
  const slotsOf = new Map<number, number[]>();
  const slotIndicator = new Int32Array(slots);
  const slotPeriod = new Int32Array(slots);
  pairs.forEach((p, slot) => {
    slotOf.set(`${p.indicatorId}:${p.periodId}`, slot);
    let list = slotsOf.get(p.indicatorId);
    if (!list) slotsOf.set(p.indicatorId, (list = []));
    list.push(slot);
    slotIndicator[slot] = p.indicatorId;
    slotPeriod[slot] = p.periodId;
  });
  const cells = zones.length * slots;
  const numerator = new Float64Array(cells).fill(NaN);
  const denominator = new Float64Array(cells).fill(NaN);
  const flags = new Uint8Array(cells);
  // The cell's index is computed in SQL, from the slot and zone lists bound as parameters.
  await db.stream(`
    WITH slot AS (SELECT unnest($indicators::INTEGER[]) AS indicator_id, unnest($periods::INTEGER[]) AS period_id, unnest(range(${slots})::INTEGER[]) AS slot),
    zone AS (SELECT dz_id, (row_number() OVER (ORDER BY dz_id) - 1)::INTEGER AS col FROM data_zone WHERE vintage = $vintage)
    SELECT (z.col::BIGINT * ${slots} + s.slot)::DOUBLE AS at, o.numerator, o.denominator,
      (${PRESENT} + CASE WHEN o.suppressed_at_source THEN ${WITHHELD} WHEN coalesce(o.numerator, o.value) IS NULL THEN ${MISSING} ELSE 0 END)::INTEGER AS flags
    FROM observation o JOIN zone z USING (dz_id) JOIN slot s USING (indicator_id, period_id)`,
  { indicators: listParam(pairs.map((p) => p.indicatorId)), periods: listParam(pairs.map((p) => p.periodId)), vintage },
  (chunk) => {
    const [at, num, den, flag] = [0, 1, 2, 3].map((i) => chunk.getColumnVector(i));
    for (let i = 0; i < chunk.rowCount; i++) {
      const cell = at!.getItem(i) as number;
      const n = num!.getItem(i) as number | null;
      const d = den!.getItem(i) as number | null;
      if (n !== null) numerator[cell] = n;
      if (d !== null) denominator[cell] = d;
      flags[cell] = flag!.getItem(i) as number;
    }
  });
  return {
    vintage, zoneOf, slotOf, slotsOf, slotIndicator, slotPeriod, slots, numerator, denominator, flags,
    bytes: numerator.byteLength + denominator.byteLength + flags.byteLength, seconds: (performance.now() - t0) / 1000,
  };
}

/**
 * sumsForGroups's sums for groups listed by their zones, from the facts: the same fields by the
 * same rules (rows only where some member zone has an observation; `members` counts the zones
 * listed, whether or not they are of this set). Sums of doubles may differ from DuckDB's in the
 * last bits, as they are added in another order.
 */
export function gatherSums(facts: ZoneFacts, groups: readonly { groupId: number; dzIds: readonly number[] }[], indicatorIds: readonly number[], periods?: ReadonlyMap<number, number>): GroupSums[] {
  const wanted: number[] = [];
  for (const id of indicatorIds) {
    if (periods) {
      const slot = facts.slotOf.get(`${id}:${periods.get(id)}`);
      if (slot !== undefined) wanted.push(slot);
    } else {
      wanted.push(...(facts.slotsOf.get(id) ?? []));
    }
  }
  const n = wanted.length;
  const slotList = Int32Array.from(wanted);
  const observed = new Int32Array(n);
  const withheld = new Int32Array(n);
  const missing = new Int32Array(n);
  const numerators = new Float64Array(n);
  const numeratorCount = new Int32Array(n);
  const denominators = new Float64Array(n);
  const denominatorCount = new Int32Array(n);
  const covered = new Float64Array(n);
  const coveredCount = new Int32Array(n);
  const { numerator, denominator, flags, zoneOf, slots } = facts;
  const out: GroupSums[] = [];
  for (const group of groups) {
    observed.fill(0);
    withheld.fill(0);
    missing.fill(0);
    numerators.fill(0);
    numeratorCount.fill(0);
    denominators.fill(0);
    denominatorCount.fill(0);
    covered.fill(0);
    coveredCount.fill(0);
    for (const dz of group.dzIds) {
      const column = dz < zoneOf.length ? zoneOf[dz]! : -1;
      if (column < 0) continue;
      const base = column * slots;
      for (let k = 0; k < n; k++) {
        const cell = base + slotList[k]!;
        const flag = flags[cell]!;
        if (flag === 0) continue;
        observed[k]! += 1;
        if (flag & WITHHELD) withheld[k]! += 1;
        else if (flag & MISSING) missing[k]! += 1;
        const num = numerator[cell]!;
        const den = denominator[cell]!;
        if (num === num) {
          numerators[k]! += num;
          numeratorCount[k]! += 1;
        }
        if (den === den) {
          denominators[k]! += den;
          denominatorCount[k]! += 1;
          if (num === num) {
            covered[k]! += den;
            coveredCount[k]! += 1;
          }
        }
      }
    }
    for (let k = 0; k < n; k++) {
      if (observed[k] === 0) continue;
      const slot = slotList[k]!;
      out.push({
        groupId: group.groupId, indicatorId: facts.slotIndicator[slot]!, periodId: facts.slotPeriod[slot]!,
        members: group.dzIds.length, observed: observed[k]!, withheld: withheld[k]!, missing: missing[k]!,
        numerator: numeratorCount[k]! > 0 ? numerators[k]! : null,
        denominator: denominatorCount[k]! > 0 ? denominators[k]! : null,
        coveredDenominator: coveredCount[k]! > 0 ? covered[k]! : null,
        value: null,
      });
    }
  }
  return out;
}
