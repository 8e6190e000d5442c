import { findLevel } from '../../geographies/src/levels.ts';
import type { Staging } from './staging.ts';

/**
 * Checks that need every source read: coverage of levels and indicators, nesting, and targets
 * that name real indicators and areas. Each finding goes to the issue collector; the gate in
 * build.ts stops the build if there are any.
 */
export function checkAcrossSources(staging: Staging): void {
  const dataZones = staging.dataZones.get('dz2011');
  if (!dataZones || dataZones.size === 0) {
    staging.issues.add({ file: 'manifest', message: 'no data zone lookup was loaded: every build needs one (kind "sg_dz_lookup")' });
    return;
  }
  const council = staging.levels.get('council');
  // Each council's data zones of each set: its 2011 zones (members) and its 2022 ones (members2022).
  const councilOf = { dz2011: new Map<string, string>(), dz2022: new Map<string, string>() };
  const councilSize = { dz2011: new Map<string, number>(), dz2022: new Map<string, number>() };
  for (const [vintage, members] of [['dz2011', council?.members], ['dz2022', council?.members2022]] as const) {
    for (const [dz, { areaCode }] of members ?? []) {
      councilOf[vintage].set(dz, areaCode);
      councilSize[vintage].set(areaCode, (councilSize[vintage].get(areaCode) ?? 0) + 1);
    }
  }

  /** Data zones (of one set) of each touched council that a set of data zones leaves out. */
  const gaps = (present: Iterable<string>, vintage: 'dz2011' | 'dz2022') => {
    const counts = new Map<string, number>();
    for (const dz of present) {
      const c = councilOf[vintage].get(dz);
      if (c) counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    return [...counts].filter(([c, n]) => n < (councilSize[vintage].get(c) ?? 0)).map(([c, n]) => `${c} (${n} of ${councilSize[vintage].get(c)})`);
  };

  for (const level of staging.levels.values()) {
    if (level.userDefined) continue;
    const incomplete = gaps(level.members.keys(), 'dz2011');
    if (incomplete.length > 0) {
      staging.issues.add({ file: level.source, message: `${level.label} covers only part of ${incomplete.length} council area(s): ${incomplete.slice(0, 5).join(', ')}; every data zone of a council it covers needs an area` });
    }
  }

  // Areas of a nested level must each lie in a single area of every nested parent level.
  for (const level of staging.levels.values()) {
    const definition = findLevel(level.key);
    if (definition?.membership !== 'nested') continue;
    for (const parentKey of definition.parents) {
      const parent = staging.levels.get(parentKey);
      if (!parent || findLevel(parentKey)?.membership !== 'nested') continue;
      const parentOf = new Map<string, Set<string>>();
      for (const [dz, { areaCode }] of level.members) {
        const p = parent.members.get(dz)?.areaCode;
        if (!p) continue;
        const set = parentOf.get(areaCode) ?? new Set<string>();
        set.add(p);
        parentOf.set(areaCode, set);
      }
      const split = [...parentOf].filter(([, parents]) => parents.size > 1);
      if (split.length > 0) {
        staging.issues.add({ file: level.source, message: `${split.length} ${level.plural.toLowerCase()} straddle more than one ${parent.label.toLowerCase()}, but ${level.plural.toLowerCase()} nest in them: e.g. ${split.slice(0, 3).map(([a, p]) => `${a} in ${[...p].join(' and ')}`).join('; ')}` });
      }
    }
  }

  // Each indicator × period must cover every data zone of each council it touches (of the set it
  // is published on: a 2022-zone indicator every 2022 zone of the council), so that no area's
  // total silently leaves out a data zone.
  for (const { indicator, period, zones } of staging.observations.groups()) {
    const meta = staging.indicators.get(indicator);
    if (!meta) continue;
    const incomplete = gaps(zones, meta.vintage);
    if (incomplete.length > 0) {
      staging.issues.add({ file: meta.observationsFile ?? meta.sourceFile, column: 'dz_code', message: `${indicator} for ${period} covers only part of ${incomplete.slice(0, 5).join(', ')}: give every data zone of a council (use * for withheld values)` });
    }
  }

  for (const target of staging.targets) {
    const fail = (column: string, message: string) => staging.issues.add({ file: target.file, row: target.row, column, message });
    if (!staging.indicators.has(target.indicator)) fail('indicator_id', `indicator "${target.indicator}" is not loaded in this build`);
    const level = staging.levels.get(target.level);
    if (!level) fail('level', `level "${target.level}" is not in this build (levels: ${[...staging.levels.keys()].join(', ')})`);
    else if (!level.areas.has(target.areaCode)) fail('area_code', `"${target.areaCode}" is not a ${level.label} in this build`);
  }
}
