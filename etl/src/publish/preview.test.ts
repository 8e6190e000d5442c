import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stageSources } from '../build.ts';
import { fixtureCopy } from '../testing.ts';
import { draftPreview } from './preview.ts';

const META = 'id,title,theme,topic,unit,measure_type,aggregation,multiplier,polarity,source,publisher,licence';
const meta = (rows: string[]) => `${META}\n${rows.map((r) => `${r},healthier,Visits,visits,count,sum,1,neither,Records,NHS,OGL`).join('\n')}\n`;
const obs = (rows: string[]) => `indicator_id,period,dz_code,numerator,denominator,value\n${rows.join('\n')}\n`;

describe('draftPreview', async () => {
  const { dir, manifest } = fixtureCopy();
  const staging = await stageSources({ manifest, baseDir: dir });
  const files = (name: string, metadata: string, observations: string) => {
    writeFileSync(join(dir, `${name}-meta.csv`), metadata);
    writeFileSync(join(dir, `${name}-obs.csv`), observations);
    return { kind: 'indicators' as const, metadata: join(dir, `${name}-meta.csv`), observations: [join(dir, `${name}-obs.csv`)] };
  };

  it('tells added, revised, removed and unchanged indicators apart, value by value, withheld values included', async () => {
    const before = files('before', meta(['visits,Visits', 'calls,Calls', 'gone,Gone']), obs([
      'visits,2021,S01000001,10,,', 'visits,2021,S01000002,20,,', 'visits,2021,S01000003,*,,',
      'calls,2021,S01000001,5,,', 'gone,2021,S01000001,1,,',
    ]));
    const after = files('after', meta(['visits,Visits (all)', 'calls,Calls', 'new,New']), obs([
      'visits,2021,S01000001,10,,', 'visits,2021,S01000002,21,,', 'visits,2021,S01000003,3,,', 'visits,2022,S01000001,12,,',
      'calls,2021,S01000001,5,,', 'new,2022,S01000004,7,,',
    ]));
    const preview = await draftPreview(staging, 'abc', after, before);
    expect(preview.rows).toEqual({ before: 5, after: 6 });
    expect(preview.indicators).toEqual({
      added: [{ id: 'new', title: 'New', periods: ['2022'], changedFields: [], periodsAdded: ['2022'], periodsRemoved: [], valuesAdded: 1, valuesRemoved: 0, valuesChanged: 0 }],
      // 21 for 20, and a figure for one that was withheld, are both changes.
      revised: [{ id: 'visits', title: 'Visits (all)', periods: ['2021', '2022'], changedFields: ['title'], periodsAdded: ['2022'], periodsRemoved: [], valuesAdded: 1, valuesRemoved: 0, valuesChanged: 2 }],
      removed: [{ id: 'gone', title: 'Gone' }],
      unchanged: ['calls'],
    });
  });

  it('totals spend before and after by service, year, council and ward, with unallocated apart', async () => {
    const spend = join(dir, 'draft-spend.csv');
    writeFileSync(spend, 'partner,service,financial_year,dz_code,amount_gbp\nNHS Testshire,Nursing,2022/23,S01000001,100.10\nNHS Testshire,Nursing,2022/23,S01000001,0.20\nNHS Testshire,Nursing,2022/23,unallocated,5\n');
    const preview = await draftPreview(staging, 'abc', { kind: 'spend', file: spend }, { kind: 'spend', file: join(dir, 'spend.csv'), onlyPartners: ['NHS Testshire'] });
    expect(preview.rows.after).toBe(3);
    expect(preview.spend!.total.after).toBe(105.3); // rounded to pence, not 105.30000000000001
    expect(preview.spend!.unallocated).toEqual({ before: 0, after: 5 });
    expect(preview.spend!.byService).toContainEqual({ service: 'Nursing', financialYear: '2022/23', before: 0, after: 105.3 }); // unallocated spend is still the service's
    const levels = new Set(preview.spend!.byArea.map((a) => a.level));
    expect(levels).toEqual(new Set(['council', 'ward2017']));
    const council = preview.spend!.byArea.filter((a) => a.level === 'council');
    expect(council.reduce((sum, a) => sum + a.before, 0)).toBe(preview.spend!.total.before - preview.spend!.unallocated.before);
  });
});
