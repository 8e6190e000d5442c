import { Type, type Static, type TSchema } from '@sinclair/typebox';

export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** The one error shape: `error` is the HTTP status text, `message` says what to fix. */
export const ErrorBody = Type.Object({
  error: Type.String({ examples: ['Bad Request'] }),
  message: Type.String(),
});
export type ErrorBody = Static<typeof ErrorBody>;

/** Which database answered: every metadata response carries it, every response its id in X-AreaLens-Build. */
export const BuildRef = Type.Object({
  id: Type.String({ description: 'sha256 of the inputs and schema, first 16 hex digits' }),
  label: Type.String(),
  synthetic: Type.Boolean({ description: 'true for generated demo data: every page must say so' }),
});
export type BuildRef = Static<typeof BuildRef>;

export const LevelKey = Type.String({ minLength: 1, maxLength: 40, description: 'a level key from /api/v1/levels, e.g. ward2017' });

/** Free-text search: long enough for any area or indicator name, short enough to refuse pasted junk. */
export const SearchText = Type.String({ maxLength: 100, description: 'case-insensitive text to find in names and codes' });

/** The short build object metadata responses carry. */
export const buildRef = ({ id, label, synthetic }: BuildRef): BuildRef => ({ id, label, synthetic });
