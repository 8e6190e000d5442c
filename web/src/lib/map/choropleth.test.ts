import { describe, expect, it } from 'vitest';
import { buildChoropleth } from './choropleth.ts';
import { classColours } from './palettes.ts';

const areas = [
  { code: 'A', value: 1, suppressed: false },
  { code: 'B', value: 2, suppressed: false },
  { code: 'C', value: 3, suppressed: false },
  { code: 'D', value: 4, suppressed: false },
  { code: 'E', value: null, suppressed: true },
  { code: 'F', value: null, suppressed: false },
];

describe('buildChoropleth', () => {
  it('colours figures by class and leaves withheld and missing ones out of the classes', () => {
    const model = buildChoropleth(areas, { key: 'k', method: 'equal', classes: 3, palette: 'viridis', polarity: 'higher_is_worse' });
    expect(model.boundaries).toEqual([1, 2, 3, 4]);
    expect(model.counts).toEqual([2, 1, 1]);
    expect(model.withheld).toBe(1);
    expect([...model.withheldBy]).toEqual([['withheld_at_source', 1]]);
    expect(model.missing).toBe(1);
    expect(model.byCode.get('E')).toEqual({ colour: null, withheld: true });
    expect(model.byCode.get('F')).toEqual({ colour: null, withheld: false });
    const colours = classColours('viridis', 3, 'higher_is_worse');
    expect(model.byCode.get('A')!.colour).toBe(colours[0]);
    expect(model.byCode.get('D')!.colour).toBe(colours[2]);
  });

  it('gives the lowest values the darkest colour when higher is better', () => {
    const worse = buildChoropleth(areas, { key: 'k', method: 'equal', classes: 3, palette: 'viridis', polarity: 'higher_is_worse' });
    const better = buildChoropleth(areas, { key: 'k', method: 'equal', classes: 3, palette: 'viridis', polarity: 'higher_is_better' });
    expect(better.byCode.get('A')!.colour).toBe(worse.byCode.get('D')!.colour);
  });
});
