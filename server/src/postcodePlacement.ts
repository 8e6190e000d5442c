/**
 * How the build placed a postcode in a data zone (postcode.dz_method), in words for the user.
 * Most postcodes are OS Code-Point Open centroids put into 2011 data zones by point in polygon on
 * generalised boundaries: near a zone edge the centroid, or the generalised edge, can put a
 * postcode in the neighbouring zone, so those answers say they are approximate.
 */
export type DzMethod = 'directory' | 'point_in_polygon' | 'nearest_zone';

export interface PostcodePlacement {
  dzMethod: DzMethod;
  approximate: boolean;
  note: string | null;
}

export const POINT_IN_POLYGON_NOTE =
  'Placed in a data zone by its Code-Point Open centroid on generalised boundaries, so it may be in the neighbouring zone near a zone edge.';
export const NEAREST_ZONE_NOTE =
  'Its Code-Point Open centroid lies outside every generalised data-zone boundary (on the coast), so it was given to the nearest zone; it may belong to a neighbouring one.';

export function postcodePlacement(dzMethod: DzMethod): PostcodePlacement {
  if (dzMethod === 'point_in_polygon') return { dzMethod, approximate: true, note: POINT_IN_POLYGON_NOTE };
  if (dzMethod === 'nearest_zone') return { dzMethod, approximate: true, note: NEAREST_ZONE_NOTE };
  return { dzMethod, approximate: false, note: null };
}

/** For spend answers: a note when some of the spend reached its data zone by a postcode's centroid; null when none did. */
export function centroidSpendNote({ amount, placed }: { amount: number; placed: number }): string | null {
  if (amount <= 0 || placed <= 0) return null;
  const share = (amount / placed) * 100;
  return `${share < 0.1 ? 'Under 0.1' : share.toFixed(share < 10 ? 1 : 0)}% of this placed spend (£${Math.round(amount).toLocaleString('en-GB')}) reached its data zone by postcode, through Code-Point Open centroids on generalised boundaries: near a zone edge it may sit in the neighbouring zone.`;
}
