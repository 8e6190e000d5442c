import type { StyleSpecification } from 'maplibre-gl';

/**
 * The map's own style: a plain background and nothing else. AreaLens runs without network access
 * to tile or font services, so there is no basemap, and no text layers that would need glyphs.
 * A basemap style URL may be given at build time (VITE_BASEMAP_STYLE) for installations that have one.
 */
export const BACKGROUND = '#f2f2ee';

export const plainStyle: StyleSpecification = {
  version: 8,
  sources: {},
  layers: [{ id: 'background', type: 'background', paint: { 'background-color': BACKGROUND } }],
};

export const basemapStyleUrl: string | null = import.meta.env.VITE_BASEMAP_STYLE || null;

/** A diagonal hatch, drawn once into pixels for MapLibre's `fill-pattern`: it marks withheld figures. */
export function hatchImage(size = 8): { width: number; height: number; data: Uint8Array } {
  const data = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const onLine = (x + y) % size === 0 || (x + y + 1) % size === 0;
      const [r, g, b] = onLine ? [80, 80, 80] : [158, 158, 158];
      data.set([r, g, b, 255], (y * size + x) * 4);
    }
  }
  return { width: size, height: size, data };
}
