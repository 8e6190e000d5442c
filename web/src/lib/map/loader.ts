/**
 * MapLibre, loaded once and on demand. A page that will show a map calls this as soon as it knows
 * it will (before its data arrives), so the library's download and parse — the largest part of the
 * time to first map — overlap the API requests instead of following them. The worker is a separate
 * file Vite copies as an asset; prewarm() starts it before the first map asks for it.
 */
type MapLibre = typeof import('maplibre-gl');

let loading: Promise<MapLibre> | null = null;

export function loadMapLibre(): Promise<MapLibre> {
  loading ??= Promise.all([import('maplibre-gl'), import('maplibre-gl/dist/maplibre-gl-worker.mjs?url')]).then(([lib, worker]) => {
    lib.setWorkerUrl(worker.default);
    lib.prewarm();
    return lib;
  });
  loading.catch(() => (loading = null));
  return loading;
}
