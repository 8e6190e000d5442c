import type { Map as MapLibreMap } from 'maplibre-gl';
import { getContext, setContext } from 'svelte';

/**
 * What a map gives the components inside it. Layers, legends and tooltips find their map here
 * rather than through props, so a page composes a map from parts without wiring them together.
 */
export interface MapContext {
  /** The MapLibre map once its style has loaded; null before. */
  readonly map: MapLibreMap | null;
  /** The maplibre-gl module, for classes such as LngLatBounds, without a second import. */
  readonly maplibre: typeof import('maplibre-gl') | null;
  /** The element the map sits in, for overlays such as the tooltip. */
  readonly container: HTMLElement | null;
  /**
   * Layers report what they show: `key` names the data drawn (indicator, period, level, classes)
   * and `painted` turns true once MapLibre has drawn it. The map writes both as data attributes,
   * which the browser tests and the benchmark wait for.
   */
  reportPaint(key: string | null, painted: boolean): void;
}

const KEY = Symbol('arealens-map');

export const setMapContext = (context: MapContext) => setContext(KEY, context);

export function getMapContext(): MapContext {
  const context = getContext<MapContext | undefined>(KEY);
  if (!context) throw new Error('A map layer must sit inside <MapView>.');
  return context;
}
