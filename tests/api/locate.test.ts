import proj4 from 'proj4';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appFor, buildMiniDatabase } from './miniApp.ts';

const BNG = '+proj=tmerc +lat_0=49 +lon_0=-2 +k=0.9996012717 +x_0=400000 +y_0=-100000 +ellps=airy +towgs84=446.448,-125.157,542.06,0.15,0.247,0.842,-20.489 +units=m +no_defs';

describe('locate and indicator metadata', () => {
  let app: FastifyInstance;
  const get = async (url: string) => {
    const response = await app.inject({ url });
    return { status: response.statusCode, body: response.json() };
  };
  beforeAll(async () => {
    app = await appFor((await buildMiniDatabase()).file);
  });
  afterAll(() => app?.close());

  it('finds a postcode\'s data zone and every area containing it', async () => {
    const { status, body } = await get('/api/v1/locate?postcode=tt11ab');
    expect(status).toBe(200);
    expect(body.postcode).toMatchObject({ postcode: 'TT1 1AB', deleted: false });
    expect(body.dataZone.code).toBe('S01000002');
    expect(Object.fromEntries(body.areas.map((a: { level: string; code: string }) => [a.level, a.code]))).toEqual({
      iz2011: 'S02000001', ward2017: 'S13000002', locality: 'S99000001', hscp: 'S37000001', council: 'S12000001', health_board: 'S08000001', spc2011: 'S16000001', scotland: 'S92000003',
    });
  });

  it('finds the data zone holding a point', async () => {
    // The centre of the square of data zone 7 (column 2, row 1): BNG 302500, 701500.
    const [lon, lat] = proj4(BNG, 'WGS84', [302500, 701500]);
    const { status, body } = await get(`/api/v1/locate?lon=${lon}&lat=${lat}`);
    expect(status).toBe(200);
    expect(body.dataZone.code).toBe('S01000007');
    expect(body.postcode).toBeNull();
  });

  it.each([
    ['/api/v1/locate', 400, 'Give either postcode, or both lon and lat'],
    ['/api/v1/locate?lon=-3.5', 400, 'Give both lon and lat'],
    ['/api/v1/locate?postcode=TT9%209ZZ', 404, 'Postcode "TT9 9ZZ" is not in this build'],
    ['/api/v1/locate?lon=0&lat=0', 404, 'No data zone in this build holds the point'],
    ['/api/v1/locate?lon=500&lat=0', 400, 'lon'],
  ])('%s → %i', async (url, status, message) => {
    const response = await get(url);
    expect(response.status).toBe(status);
    expect(response.body.message).toContain(message);
  });

  it("gives one indicator's metadata and where it can be shown", async () => {
    const { body } = await get('/api/v1/indicators/test_median_price');
    expect(body.indicator).toMatchObject({ code: 'test_median_price', aggregation: 'none', notes: 'Medians cannot be aggregated' });
    expect(body.levels).toEqual(['dz2011']);
    const pct = (await get('/api/v1/indicators/test_pct')).body;
    expect(pct.levels).toContain('ward2017');
    expect(pct.indicator.periods.map((p: { label: string }) => p.label)).toEqual(['2019/20', '2020/21']);
    expect((await get('/api/v1/indicators/nothing_here')).status).toBe(404);
  });
});
