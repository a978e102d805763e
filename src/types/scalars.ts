import { DateTimeResolver, JSONObjectResolver } from 'graphql-scalars';

/** ISO 8601 date-time, always with an offset. */
export const DateTimeScalar = DateTimeResolver;
/** A JSON object (not an array or a bare value). */
export const JSONObjectScalar = JSONObjectResolver;
