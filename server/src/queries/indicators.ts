import type { Database } from '../db.ts';
import type { Indicator, Theme } from '../schemas/indicators.ts';

export function listThemes(db: Database): Promise<Theme[]> {
  return db.query<Theme>(`SELECT theme_key AS key, label FROM theme ORDER BY sort_order`);
}

/**
 * The indicator catalogue, filtered by theme and by text found (ignoring case and accents) in the
 * code, title, topic or keywords. Each indicator lists the periods it has observations for.
 */
export function listIndicators(db: Database, filter: { q: string; theme: string | null; code?: string }): Promise<Indicator[]> {
  return db.query<Indicator>(`
    WITH periods AS (
      SELECT ip.indicator_id, list({ 'label': p.label, 'kind': p.kind, 'start': p.start_date, 'end': p.end_date } ORDER BY p.start_date, p.end_date) AS periods
      FROM (SELECT DISTINCT indicator_id, period_id FROM indicator_period) ip JOIN period p USING (period_id)
      GROUP BY ip.indicator_id
    ), revisions AS (
      SELECT indicator_code AS code, list(DISTINCT revision ORDER BY revision) AS revisions FROM indicator_revision GROUP BY indicator_code
    )
    SELECT i.code, i.title, i.theme_key AS theme, coalesce(t.label, i.theme_key) AS "themeLabel", i.topic, i.unit,
      i.measure_type AS "measureType", i.aggregation, i.multiplier, i.polarity, i.source, i.publisher, i.licence,
      i.date_published AS "datePublished", i.notes,
      coalesce(list_filter(list_transform(string_split(i.keywords, ';'), k -> trim(k)), k -> k <> ''), []) AS keywords,
      i.disclosure_threshold AS "disclosureThreshold", i.native_level AS "nativeLevel", i.vintage, i.synthetic,
      coalesce(r.revisions, []) AS revisions, coalesce(p.periods, []) AS periods
    FROM indicator i
    LEFT JOIN theme t USING (theme_key)
    LEFT JOIN periods p USING (indicator_id)
    LEFT JOIN revisions r USING (code)
    WHERE ($theme IS NULL OR i.theme_key = $theme) AND ($code IS NULL OR i.code = $code)
      AND contains(lower(strip_accents(concat_ws(' ', i.code, i.title, i.topic, i.keywords))), lower(strip_accents($q)))
    ORDER BY t.sort_order NULLS LAST, i.topic, i.title`, { q: filter.q, theme: filter.theme, code: filter.code ?? null });
}
