import { classBreaks, classOf, type Classification } from './classify.ts';
import { classColours, type PaletteKey } from './palettes.ts';

/** What the map needs per area: its colour (null = no figure) and whether it was withheld. */
export interface AreaPaint {
  colour: string | null;
  withheld: boolean;
}

export interface ChoroplethModel {
  /** Names the data drawn, so a map can say when exactly this has been painted. */
  key: string;
  boundaries: number[];
  colours: string[];
  /** Areas in each class. */
  counts: number[];
  withheld: number;
  missing: number;
  polarity: string;
  byCode: Map<string, AreaPaint>;
}

export interface ChoroplethOptions {
  key: string;
  method: Classification;
  classes: number;
  palette: PaletteKey;
  polarity: string;
}

/**
 * Classes and colours for one indicator's values across a level. Withheld figures get no class:
 * a withheld value is not a low value.
 */
export function buildChoropleth(areas: readonly { code: string; value: number | null; suppressed: boolean }[], options: ChoroplethOptions): ChoroplethModel {
  const values = areas.flatMap((a) => (!a.suppressed && a.value !== null ? [a.value] : []));
  const boundaries = classBreaks(values, options.classes, options.method);
  const classCount = Math.max(0, boundaries.length - 1);
  const colours = classColours(options.palette, classCount, options.polarity);
  const counts = new Array<number>(classCount).fill(0);
  const byCode = new Map<string, AreaPaint>();
  let withheld = 0;
  let missing = 0;
  for (const area of areas) {
    if (area.suppressed) {
      withheld++;
      byCode.set(area.code, { colour: null, withheld: true });
    } else if (area.value === null) {
      missing++;
      byCode.set(area.code, { colour: null, withheld: false });
    } else {
      const k = classOf(area.value, boundaries);
      counts[k]!++;
      byCode.set(area.code, { colour: colours[k]!, withheld: false });
    }
  }
  return { key: options.key, boundaries, colours, counts, withheld, missing, polarity: options.polarity, byCode };
}
