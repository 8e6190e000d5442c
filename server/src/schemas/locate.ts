import { Type, type Static } from '@sinclair/typebox';
import { BuildRef, Nullable } from './common.ts';

export const LocateQuery = Type.Object({
  postcode: Type.Optional(Type.String({ minLength: 5, maxLength: 10, description: "a postcode, e.g. 'KY1 1XX' (needs a postcode lookup in the build)" })),
  lon: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
  lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
});
export type LocateQuery = Static<typeof LocateQuery>;

/** How the build placed a postcode in its data zone, and whether that is approximate. */
export const PostcodePlacement = Type.Object({
  dzMethod: Type.Union([Type.Literal('directory'), Type.Literal('point_in_polygon'), Type.Literal('nearest_zone')], {
    description: "'directory': the Scottish Postcode Directory's own data zone; 'point_in_polygon': the OS Code-Point Open centroid inside a generalised data-zone boundary; 'nearest_zone': a centroid outside every boundary (coast), given to the nearest zone",
  }),
  approximate: Type.Boolean({ description: 'true when placed by its centroid: near a zone edge it may be in the neighbouring zone' }),
  note: Nullable(Type.String({ description: 'a plain sentence saying why the placement is approximate; null for the directory' })),
});

export const LocateReply = Type.Object({
  build: BuildRef,
  postcode: Nullable(Type.Composite([
    Type.Object({ postcode: Type.String(), deleted: Type.Boolean(), latitude: Nullable(Type.Number()), longitude: Nullable(Type.Number()) }),
    PostcodePlacement,
  ])),
  dataZone: Type.Object({ code: Type.String(), name: Type.String() }),
  areas: Type.Array(Type.Object({ level: Type.String(), levelLabel: Type.String(), code: Type.String(), name: Type.String() }), { description: 'every area containing the data zone, smallest level first' }),
});
export type LocateReply = Static<typeof LocateReply>;
