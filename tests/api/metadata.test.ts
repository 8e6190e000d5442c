import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../etl/src/write.ts';
import { zoneFacts } from '../../server/src/queries/zoneFacts.ts';
import { appFor, buildMiniDatabase, fixtureRows } from './miniApp.ts';

describe('build, levels, indicators and health over the mini fixture', () => {
  let app: FastifyInstance;
  let buildId = '';
  const get = (url: string) => app.inject({ method: 'GET', url });
  const build = () => ({ id: buildId, label: 'Mini fixture', synthetic: true });

  beforeAll(async () => {
    const mini = await buildMiniDatabase();
    buildId = mini.buildId;
    app = await appFor(mini.file);
  });
  afterAll(() => app?.close());

  it('describes the build: id, label, synthetic flag, when, and every source file it read', async () => {
    const response = await get('/api/v1/build');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.build).toEqual(build());
    expect(body).toMatchObject({ schemaVersion: SCHEMA_VERSION, warnings: [] });
    expect(Date.parse(body.createdAt)).not.toBeNaN();
    expect(body.etlSeconds).toBeGreaterThan(0);
    const files = body.runs.map((r: { file: string }) => r.file);
    expect(files).toEqual(expect.arrayContaining(['lookup_dz.csv', 'locality.csv', 'population_2020.csv', 'indicators.csv', 'observations.csv', 'spend.csv']));
    expect(body.runs).toHaveLength(12);
    const lookup = body.runs.find((r: { file: string }) => r.file === 'lookup_dz.csv');
    expect(lookup).toMatchObject({ sourceKind: 'sg_dz_lookup', rowsRead: 8, rowsLoaded: 8, rowsRejected: 0 });
    expect(lookup.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(Date.parse(lookup.startedAt)).not.toBeNaN();
  });

  it('lists the levels in this build, smallest first, with labels, membership, area counts and the parents the build links', async () => {
    const body = (await get('/api/v1/levels')).json();
    expect(body.build).toEqual(build());
    const summary = Object.fromEntries(body.levels.map((l: { key: string; areaCount: number; membership: string }) => [l.key, `${l.membership} ${l.areaCount}`]));
    expect(summary).toEqual({
      dz2011: 'base 8', dz2022: 'base 3', iz2011: 'nested 3', ward2017: 'best_fit 3', hscp: 'nested 2', locality: 'best_fit 3', council: 'nested 2', health_board: 'nested 1', spc2011: 'best_fit 1', scotland: 'nested 1',
    });
    const ward = body.levels.find((l: { key: string }) => l.key === 'ward2017');
    expect(ward).toEqual({
      key: 'ward2017', label: 'Multi-member ward (2017)', plural: 'Multi-member wards (2017)', membership: 'best_fit', userDefined: false,
      areaCount: 3, parents: ['council', 'scotland'], source: 'lookup_dz.csv', notes: null,
    });
    // The registry's nearest-first order, less the levels this build has no lookup for (ward2022, community councils, CHPs).
    expect(body.levels[0].parents).toEqual(['iz2011', 'ward2017', 'locality', 'hscp', 'council', 'health_board', 'spc2011', 'scotland']);
    expect(body.levels.find((l: { key: string }) => l.key === 'locality').parents).toEqual(['hscp', 'council', 'scotland']);
    expect(body.levels.find((l: { key: string }) => l.key === 'scotland').parents).toEqual([]);
  });

  it('lists the indicator catalogue with metadata and the periods each has', async () => {
    const body = (await get('/api/v1/indicators')).json();
    expect(body.build).toEqual(build());
    expect(body.themes[0]).toEqual({ key: 'population', label: 'Population' });
    expect(body.indicators).toHaveLength(41);
    expect(body.indicators[0].theme).toBe('population');
    const events = body.indicators.find((i: { code: string }) => i.code === 'test_events');
    const published = fixtureRows('indicators.csv').find((r) => r.id === 'test_events')!;
    expect(events).toMatchObject({
      title: published.title, theme: 'safer_stronger', themeLabel: 'Safer and Stronger', topic: 'Events', unit: 'events', measureType: 'count',
      aggregation: 'sum', multiplier: 1, polarity: 'higher_is_worse', publisher: 'AreaLens tests', datePublished: '2024-01-31',
      keywords: ['events', 'rare'], disclosureThreshold: 5, nativeLevel: 'dz2011', synthetic: true,
    });
    expect(events.periods).toEqual([
      { label: '2019', kind: 'calendar_year', start: '2019-01-01', end: '2019-12-31' },
      { label: '2020', kind: 'calendar_year', start: '2020-01-01', end: '2020-12-31' },
    ]);
    const pct = body.indicators.find((i: { code: string }) => i.code === 'test_pct');
    expect(pct.periods.map((p: { label: string }) => p.label)).toEqual(['2019/20', '2020/21']);
    expect(pct.keywords).toEqual([]);
  });

  it('filters the catalogue by theme and by text in the title, code, topic or keywords', async () => {
    const codes = async (url: string) => (await get(url)).json().indicators.map((i: { code: string }) => i.code);
    expect(await codes('/api/v1/indicators?q=BROADBAND')).toEqual(['simd_no_superfast_broadband']);
    expect(await codes('/api/v1/indicators?q=pensioners')).toEqual(['pop_65plus_pct']); // a keyword only
    expect(await codes('/api/v1/indicators?q=test_s')).toEqual(['test_sr', 'test_score']);
    const healthier = (await get('/api/v1/indicators?theme=healthier')).json().indicators;
    expect(healthier.length).toBeGreaterThan(0);
    expect(healthier.every((i: { theme: string }) => i.theme === 'healthier')).toBe(true);
    expect(await codes('/api/v1/indicators?theme=healthier&q=test')).toEqual(['test_sr', 'test_pct']);
    expect(await codes('/api/v1/indicators?q=nothing+like+this')).toEqual([]);
  });

  it('answers 400 listing the themes for an unknown theme, and for an over-long q', async () => {
    const theme = await get('/api/v1/indicators?theme=wealthier');
    expect(theme.statusCode).toBe(400);
    expect(theme.json()).toEqual({
      error: 'Bad Request',
      message: 'Unknown theme "wealthier". Themes: population, wealthier_fairer, healthier, safer_stronger, smarter, greener, spend_resources.',
    });
    const long = await get(`/api/v1/indicators?q=${'x'.repeat(101)}`);
    expect(long.statusCode).toBe(400);
    expect(long.json().message).toBe('query parameter "q" must NOT have more than 100 characters');
  });

  it('says it is healthy, and which build it serves', async () => {
    const response = await get('/api/v1/health');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'ok', build: buildId, customAreas: { facts: expect.stringMatching(/^(loading|ready)$/) } });
    await zoneFacts(app.db, 'dz2011');
    const ready = (await get('/api/v1/health')).json();
    expect(ready.customAreas.facts).toBe('ready');
    expect(ready.customAreas.bytes).toBeGreaterThan(0);
  });
});
