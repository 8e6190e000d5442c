import type { IndicatorRef, PeriodRef } from '../queries/rollup.ts';

/** The indicator as a value answer describes it. */
export const indicatorSummary = (i: IndicatorRef) => ({
  code: i.code, title: i.title, unit: i.unit, aggregation: i.aggregation, measureType: i.measureType,
  multiplier: i.multiplier, polarity: i.polarity, source: i.source, licence: i.licence,
});

export const periodSummary = (p: PeriodRef) => ({ label: p.label, kind: p.kind, start: p.start, end: p.end });
