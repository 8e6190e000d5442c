/**
 * Areas most like one area: each feature standardised to a z-score across the level's areas, then
 * the Euclidean distance between z-score vectors: the standardised distance of CIPFA's Nearest
 * Neighbour Model, with every feature weighted the same (CIPFA weights its features).
 */

export interface FeatureColumn {
  code: string;
  /** areaId → value, for the areas that have one. */
  values: ReadonlyMap<number, number>;
}

export interface FeatureScale {
  code: string;
  mean: number;
  /** Sample standard deviation (n − 1) across the compared areas. */
  sd: number;
}

export interface Neighbour {
  areaId: number;
  distance: number;
  values: number[];
  z: number[];
}

export interface Similarity {
  scales: FeatureScale[];
  /** Features left out, with the reason. */
  dropped: { code: string; reason: string }[];
  /** Areas with every feature used (the subject included): the population the z-scores describe. */
  compared: number;
  subject: { values: number[]; z: number[] };
  neighbours: Neighbour[];
}

/**
 * Features the subject lacks, or on which every compared area is the same, are dropped. The
 * z-scores use the areas that have every remaining feature, so each area is standardised against
 * the same set.
 */
export function similarAreas(subjectId: number, areaIds: readonly number[], features: readonly FeatureColumn[], limit: number): Similarity {
  const dropped: Similarity['dropped'] = [];
  let used = features.filter((f) => {
    if (f.values.has(subjectId)) return true;
    dropped.push({ code: f.code, reason: 'no figure for this area (withheld, incomplete or not published)' });
    return false;
  });
  const completeAreas = () => areaIds.filter((id) => used.every((f) => f.values.has(id)));
  let complete = completeAreas();
  const scaleOf = (f: FeatureColumn): FeatureScale => {
    const values = complete.map((id) => f.values.get(id)!);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const sd = values.length > 1 ? Math.sqrt(values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (values.length - 1)) : 0;
    return { code: f.code, mean, sd };
  };
  let scales = used.map(scaleOf);
  const flat = new Set(scales.filter((s) => !(s.sd > 0)).map((s) => s.code));
  if (flat.size > 0) {
    for (const code of flat) dropped.push({ code, reason: 'every compared area has the same value, so it cannot tell areas apart' });
    used = used.filter((f) => !flat.has(f.code));
    complete = completeAreas();
    scales = used.map(scaleOf);
  }
  const vector = (id: number) => {
    const values = used.map((f) => f.values.get(id)!);
    return { values, z: values.map((v, i) => (v - scales[i]!.mean) / scales[i]!.sd) };
  };
  const subject = vector(subjectId);
  const neighbours = complete
    .filter((id) => id !== subjectId)
    .map((id) => {
      const { values, z } = vector(id);
      return { areaId: id, values, z, distance: Math.sqrt(z.reduce((sum, zi, i) => sum + (zi - subject.z[i]!) ** 2, 0)) };
    })
    .sort((a, b) => a.distance - b.distance || a.areaId - b.areaId)
    .slice(0, limit);
  return { scales, dropped, compared: complete.length, subject, neighbours };
}
