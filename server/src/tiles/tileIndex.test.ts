import { describe, expect, it } from 'vitest';
import type { AreaShape } from '../queries/shapes.ts';
import { LevelTileIndexes } from './tileIndex.ts';

const square = (areaId: number, west: number, south: number, size: number): AreaShape => ({
  areaId, code: `S0100000${areaId}`, name: `Zone ${areaId}`,
  geojson: JSON.stringify({ type: 'Polygon', coordinates: [[[west, south], [west + size, south], [west + size, south + size], [west, south + size], [west, south]]] }),
}) as AreaShape;

/** The web-mercator tile holding a point. */
const tileAt = (lon: number, lat: number, z: number): [number, number] => {
  const n = 2 ** z;
  const rad = (lat * Math.PI) / 180;
  return [Math.floor(((lon + 180) / 360) * n), Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n)];
};

describe('LevelTileIndexes', () => {
  it('drops an index that has cut too many tiles and builds it again, serving the same bytes', async () => {
    let loads = 0;
    const indexes = new LevelTileIndexes(async () => {
      loads += 1;
      return [square(1, -3.2, 56.1, 0.05), square(2, -3.15, 56.1, 0.05)];
    }, 30);
    const [x, y] = tileAt(-3.17, 56.12, 12);
    const first = await indexes.tile('dz2011', 12, x, y);
    expect(first).not.toBeNull();
    expect(loads).toBe(1);
    for (let z = 13; z <= 14; z++) {
      const [x0, y0] = tileAt(-3.2, 56.15, z);
      const [x1, y1] = tileAt(-3.1, 56.1, z);
      for (let tx = x0; tx <= x1; tx++) for (let ty = y0; ty <= y1; ty++) await indexes.tile('dz2011', z, tx, ty);
    }
    const again = await indexes.tile('dz2011', 12, x, y);
    expect(loads).toBeGreaterThan(1);
    expect(Buffer.from(again!).equals(Buffer.from(first!))).toBe(true);
  });

  it('keeps an index that stays under the bound', async () => {
    let loads = 0;
    const indexes = new LevelTileIndexes(async () => {
      loads += 1;
      return [square(1, -3.2, 56.1, 0.05)];
    });
    const [x, y] = tileAt(-3.17, 56.12, 12);
    for (let i = 0; i < 5; i++) expect(await indexes.tile('dz2011', 12, x, y)).not.toBeNull();
    expect(loads).toBe(1);
  });
});
