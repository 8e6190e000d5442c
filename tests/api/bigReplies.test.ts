import type { FastifyInstance } from 'fastify';
import { Value } from '@sinclair/typebox/value';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomProfileReply } from '../../server/src/schemas/customAreas.ts';
import { ProfileReply } from '../../server/src/schemas/profile.ts';
import { ValuesReply } from '../../server/src/schemas/values.ts';
import { appFor, buildMiniDatabase } from './miniApp.ts';

/**
 * The largest answers are written with JSON.stringify, not their schemas' serializers (which
 * leave out what a schema does not name), so each must hold exactly what its schema says: every
 * required field of the right type, and no property the schema does not list.
 */

type Schema = { type?: string; properties?: Record<string, Schema>; items?: Schema; anyOf?: Schema[]; required?: string[] };

/** Paths of properties in `value` that `schema` does not name (objects, arrays and unions walked through). */
function unnamed(schema: Schema, value: unknown, path = '$'): string[] {
  if (schema.anyOf) {
    const each = schema.anyOf.filter((s) => Value.Check(s as never, value)).map((s) => unnamed(s, value, path));
    return each.find((list) => list.length === 0) ?? each[0] ?? [];
  }
  if (schema.type === 'array' && Array.isArray(value) && schema.items) return value.flatMap((v, i) => unnamed(schema.items!, v, `${path}[${i}]`));
  if (schema.type === 'object' && value !== null && typeof value === 'object' && schema.properties) {
    return Object.entries(value).flatMap(([key, v]) => (schema.properties![key] ? unnamed(schema.properties![key]!, v, `${path}.${key}`) : [`${path}.${key}`]));
  }
  return [];
}

describe('answers written with JSON.stringify', () => {
  let app: FastifyInstance;

  beforeAll(async () => {
    app = await appFor((await buildMiniDatabase()).file);
  });
  afterAll(() => app?.close());

  const check = (schema: unknown, body: unknown) => {
    expect([...Value.Errors(schema as never, body)].map((e) => `${e.path}: ${e.message}`)).toEqual([]);
    expect(unnamed(schema as Schema, body)).toEqual([]);
  };

  it("hold exactly their schemas' fields: an area profile, a map at each level, a custom area's profile", async () => {
    const profile = await app.inject({ url: '/api/v1/areas/ward2017/S13000001/profile' });
    expect(profile.statusCode).toBe(200);
    expect(profile.json().indicators.length).toBeGreaterThan(0);
    check(ProfileReply, profile.json());
    for (const level of ['dz2011', 'ward2017', 'council']) {
      const values = await app.inject({ url: `/api/v1/indicators/test_pct/values?level=${level}` });
      expect(values.statusCode, level).toBe(200);
      check(ValuesReply, values.json());
    }
    const custom = await app.inject({ method: 'POST', url: '/api/v1/custom-areas/profile', payload: { dataZones: ['S01000001', 'S01000002', 'S01000005'], name: 'North end' } });
    expect(custom.statusCode).toBe(200);
    check(CustomProfileReply, custom.json());
  });

  it('would notice a property its schema does not name', () => {
    expect(unnamed(ValuesReply as Schema, { areas: [{ code: 'S13000001', areaId: 7 }] })).toEqual(['$.areas[0].areaId']);
  });
});
