import { Type, type Static } from '@sinclair/typebox';
import { BuildRef, Nullable } from './common.ts';

export const LocateQuery = Type.Object({
  postcode: Type.Optional(Type.String({ minLength: 5, maxLength: 10, description: "a postcode, e.g. 'KY1 1XX' (needs a postcode lookup in the build)" })),
  lon: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
  lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
});
export type LocateQuery = Static<typeof LocateQuery>;

export const LocateReply = Type.Object({
  build: BuildRef,
  postcode: Nullable(Type.Object({ postcode: Type.String(), deleted: Type.Boolean(), latitude: Nullable(Type.Number()), longitude: Nullable(Type.Number()) })),
  dataZone: Type.Object({ code: Type.String(), name: Type.String() }),
  areas: Type.Array(Type.Object({ level: Type.String(), levelLabel: Type.String(), code: Type.String(), name: Type.String() }), { description: 'every area containing the data zone, smallest level first' }),
});
export type LocateReply = Static<typeof LocateReply>;
