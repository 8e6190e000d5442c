import type { FastifyInstance } from 'fastify';
import { createPolygonIndex, type PolygonIndex } from '../../../geographies/src/pointIndex.ts';
import { normalisePostcode } from '../customAreas/resolve.ts';
import { badRequest, notFound } from '../httpErrors.ts';
import { postcodePlacement } from '../postcodePlacement.ts';
import { countPostcodes, dataZoneAndAreas, findDataZoneByCode, findPostcode } from '../queries/locate.ts';
import { listAreaShapes } from '../queries/shapes.ts';
import { buildRef, ErrorBody } from '../schemas/common.ts';
import { LocateQuery, LocateReply } from '../schemas/locate.ts';

/** Postcode or point → its data zone and every area containing it. */
export async function locateRoutes(app: FastifyInstance): Promise<void> {
  let index: Promise<PolygonIndex> | null = null;
  const dataZoneIndex = () =>
    (index ??= listAreaShapes(app.db, 'dz2011').then((shapes) => createPolygonIndex(shapes.map((s) => ({ code: s.code, geometry: JSON.parse(s.geojson) })))));

  app.get<{ Querystring: LocateQuery; Reply: LocateReply }>('/locate', {
    schema: {
      summary: 'The data zone holding a postcode or a point, and every area that contains it',
      querystring: LocateQuery, response: { 200: LocateReply, 400: ErrorBody, 404: ErrorBody, 500: ErrorBody },
    },
  }, async (request) => {
    const { postcode, lon, lat } = request.query;
    const byPoint = lon !== undefined || lat !== undefined;
    if ((postcode === undefined) === !byPoint) throw badRequest('Give either postcode, or both lon and lat (WGS84 degrees).');
    if (byPoint && (lon === undefined || lat === undefined)) throw badRequest('Give both lon and lat (WGS84 degrees).');
    let dzId: number | null;
    let found: LocateReply['postcode'] = null;
    if (postcode !== undefined) {
      const normalised = normalisePostcode(postcode);
      const row = await findPostcode(app.db, normalised);
      if (!row) {
        const known = await countPostcodes(app.db);
        throw notFound(known === 0 ? 'This build has no postcode lookup: search for an area by name instead.' : `Postcode "${normalised}" is not in this build's postcode lookup (${known.toLocaleString('en-GB')} postcodes).`);
      }
      found = { postcode: row.postcode, deleted: row.deleted, latitude: row.latitude, longitude: row.longitude, ...postcodePlacement(row.dzMethod) };
      dzId = row.dzId;
    } else {
      const code = (await dataZoneIndex()).locate(lon!, lat!);
      if (!code) throw notFound(`No data zone in this build holds the point ${lon}, ${lat}.`);
      dzId = await findDataZoneByCode(app.db, code);
      if (dzId === null) throw notFound(`No data zone in this build holds the point ${lon}, ${lat}.`);
    }
    return { build: buildRef(app.build), postcode: found, ...(await dataZoneAndAreas(app.db, dzId)) };
  });
}
