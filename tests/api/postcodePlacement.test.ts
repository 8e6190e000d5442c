import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NEAREST_ZONE_NOTE, POINT_IN_POLYGON_NOTE } from '../../server/src/postcodePlacement.ts';
import { buildDz2022Database } from './dz2022Fixture.ts';
import { appFor } from './miniApp.ts';

/**
 * The 2022 data zones fixture places TT1 1AA from the postcode directory, TT1 2AB and TT1 2AD
 * (20 m inside its zone) by their Code-Point Open centroids, and TT1 9ZZ, outside every boundary,
 * in the nearest zone.
 */
describe('postcode answers say how each postcode was placed', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await appFor((await buildDz2022Database()).file);
  });
  afterAll(() => app?.close());

  it.each([
    ['TT1 1AA', 'S01000001', { dzMethod: 'directory', approximate: false, note: null }],
    ['tt12ab', 'S01000003', { dzMethod: 'point_in_polygon', approximate: true, note: POINT_IN_POLYGON_NOTE }],
    ['TT1 2AD', 'S01000004', { dzMethod: 'point_in_polygon', approximate: true, note: POINT_IN_POLYGON_NOTE }],
    ['TT19ZZ', 'S01000006', { dzMethod: 'nearest_zone', approximate: true, note: NEAREST_ZONE_NOTE }],
  ])('locate %s: its data zone and how it got there', async (postcode, zone, placement) => {
    const response = await app.inject({ url: `/api/v1/locate?postcode=${encodeURIComponent(postcode)}` });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.dataZone.code).toBe(zone);
    expect(body.postcode).toEqual({ postcode: expect.any(String), deleted: false, latitude: expect.any(Number), longitude: expect.any(Number), ...placement });
  });

  it('says in plain words that a centroid placement is approximate near a zone edge', () => {
    expect(POINT_IN_POLYGON_NOTE).toBe('Placed in a data zone by its Code-Point Open centroid on generalised boundaries, so it may be in the neighbouring zone near a zone edge.');
  });

  it('gives a custom area made of postcodes each placement, and a note naming the approximate ones', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/v1/custom-areas/profile', payload: { postcodes: ['TT1 1AA', 'TT1 2AB', 'TT1 2AD', 'TT1 9ZZ'] } });
    expect(response.statusCode).toBe(200);
    const { resolution } = response.json().area;
    expect(resolution.postcodes).toEqual([
      { postcode: 'TT1 1AA', dataZone: 'S01000001', deleted: false, dzMethod: 'directory', approximate: false, note: null },
      { postcode: 'TT1 2AB', dataZone: 'S01000003', deleted: false, dzMethod: 'point_in_polygon', approximate: true, note: POINT_IN_POLYGON_NOTE },
      { postcode: 'TT1 2AD', dataZone: 'S01000004', deleted: false, dzMethod: 'point_in_polygon', approximate: true, note: POINT_IN_POLYGON_NOTE },
      { postcode: 'TT1 9ZZ', dataZone: 'S01000006', deleted: false, dzMethod: 'nearest_zone', approximate: true, note: NEAREST_ZONE_NOTE },
    ]);
    expect(resolution.notes).toEqual([
      'TT1 2AB, TT1 2AD, TT1 9ZZ (3 of 4) were placed in data zones by their Code-Point Open centroid on generalised boundaries, so near a zone edge a postcode may be in the neighbouring zone.',
    ]);
  });

  it('adds no such note when every postcode comes from the directory', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/v1/custom-areas/values?indicator=admissions_pct', payload: { postcodes: ['TT1 1AA'] } });
    // One data zone is too small to show (422), but the answer still says how the area was made.
    expect(response.statusCode).toBe(422);
    expect(response.json().area.resolution).toMatchObject({ postcodes: [{ dzMethod: 'directory', approximate: false }], notes: [] });
  });
});
