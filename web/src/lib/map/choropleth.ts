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
  /** Withheld areas by the API's suppression reason (small_count, not_aggregable, …). */
  withheldBy: Map<string, number>;
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
export function buildChoropleth(
  areas: readonly { code: string; value: number | null; suppressed: boolean; suppressionReason?: string | null }[],
  options: ChoroplethOptions,
): ChoroplethModel {
  const values = areas.flatMap((a) => (!a.suppressed && a.value !== null ? [a.value] : []));
  const boundaries = classBreaks(values, options.classes, options.method);
  const classCount = Math.max(0, boundaries.length - 1);
  const colours = classColours(options.palette, classCount, options.polarity);
  const counts = new Array<number>(classCount).fill(0);
  const byCode = new Map<string, AreaPaint>();
  let withheld = 0;
  const withheldBy = new Map<string, number>();
  let missing = 0;
  for (const area of areas) {
    if (area.suppressed) {
      withheld++;
      const reason = area.suppressionReason ?? 'withheld_at_source';
      withheldBy.set(reason, (withheldBy.get(reason) ?? 0) + 1);
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
  return { key: options.key, boundaries, colours, counts, withheld, withheldBy, missing, polarity: options.polarity, byCode };
}

/** Why figures are missing from a map, in words for its legend. */
export function withheldWords(reason: string): string {
  switch (reason) {
    case 'small_count':
    case 'withheld_at_source':
      return 'Withheld: too few people or events to publish';
    case 'not_aggregable':
      return 'Not at this level: a median or rank cannot be added up across data zones';
    case 'incomplete':
      return 'Withheld: figures cover too little of the area';
    case 'no_denominator':
      return 'No rate: no population to divide by';
    default:
      return 'Withheld';
  }
}
