/**
 * Sequential palettes that stay ordered for people with the common colour-vision deficiencies and
 * in greyscale: viridis and cividis (Nuñez, Anderton & Renslow 2018) sampled at nine stops, and
 * ColorBrewer's single-hue Blues. Every stop list runs dark → light.
 */
export type PaletteKey = 'viridis' | 'cividis' | 'blues';

export const palettes: Record<PaletteKey, { label: string; stops: string[] }> = {
  viridis: { label: 'Viridis (purple–yellow)', stops: ['#440154', '#472d7b', '#3b528b', '#2c728e', '#21918c', '#28ae80', '#5ec962', '#addc30', '#fde725'] },
  cividis: { label: 'Cividis (blue–yellow)', stops: ['#00224e', '#123570', '#3b496c', '#575d6d', '#707173', '#8a8779', '#a69d75', '#c4b56c', '#fee838'] },
  blues: { label: 'Blues', stops: ['#08306b', '#08519c', '#2171b5', '#4292c6', '#6baed6', '#9ecae1', '#c6dbef', '#deebf7', '#f7fbff'] },
};

export const isPalette = (text: string | null): text is PaletteKey => text !== null && text in palettes;

/** Grey with hatching marks a withheld figure; this lighter grey, no figure at all. */
export const WITHHELD_COLOUR = '#9e9e9e';
export const NO_DATA_COLOUR = '#e8e8e8';

const channels = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
const toHex = (rgb: number[]) => `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;

/** The colour at t along a palette, 0 = darkest, 1 = lightest, interpolated between stops. */
export function colourAt(key: PaletteKey, t: number): string {
  const stops = palettes[key].stops;
  const position = Math.min(1, Math.max(0, t)) * (stops.length - 1);
  const i = Math.min(Math.floor(position), stops.length - 2);
  const f = position - i;
  const a = channels(stops[i]!);
  const b = channels(stops[i + 1]!);
  return toHex(a.map((c, n) => c + f * (b[n]! - c)));
}

/**
 * One colour per class, lowest class first, so that darker always means worse: for an indicator
 * where higher is worse the highest values are darkest, where higher is better the lowest are. An
 * indicator with no better or worse direction is drawn darker = higher. Classes stop short of the
 * palette's lightest end, which would vanish against the background.
 */
export function classColours(key: PaletteKey, classes: number, polarity: string): string[] {
  const lightest = key === 'blues' ? 0.8 : 0.92;
  const colours = Array.from({ length: classes }, (_, i) => colourAt(key, classes === 1 ? 0.5 : lightest * (1 - i / (classes - 1))));
  return polarity === 'higher_is_better' ? colours.reverse() : colours;
}

/** What darker means on this map, in words for the legend. */
export function darkerMeans(polarity: string): string {
  if (polarity === 'higher_is_worse') return 'Darker = worse (higher values are worse)';
  if (polarity === 'higher_is_better') return 'Darker = worse (lower values are worse)';
  return 'Darker = higher (this indicator has no better or worse direction)';
}
