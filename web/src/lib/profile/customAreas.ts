/**
 * Custom areas on the client. The page's address holds the chosen data zones (`zones=` codes
 * separated by spaces), so a custom profile is a link and can be embedded. The server remembers
 * every custom area it answers for an hour and withholds counts and rates for a new area that
 * differs from a recent one by one or two zones (its differencing check), so the page asks only
 * when a person says "show the profile", and keeps each answer for the page's life.
 */
import { api, type CustomProfileBody, type CustomProfileReply } from '../api.ts';

/** The most zones kept in the address: 600 codes stay well inside the 8 KB a server or proxy reads. */
export const MAX_ZONES_IN_URL = 600;

export const parseZones = (text: string | null): string[] =>
  text ? [...new Set(text.split(/[\s,.;+]+/).map((c) => c.trim().toUpperCase()).filter(Boolean))].sort() : [];

export const zonesParam = (zones: readonly string[]): string => [...new Set(zones)].sort().join(' ');

const keyFor = (zones: readonly string[], theme: string | null, name: string | null) => `${zonesParam(zones)}|${theme ?? ''}|${name ?? ''}`;
const answers = new Map<string, Promise<CustomProfileReply>>();

/** The profile of these data zones, asked for once per page (a failed request may be asked again). */
export function customProfile(zones: readonly string[], theme: string | null, name: string | null): Promise<CustomProfileReply> {
  const key = keyFor(zones, theme, name);
  let answer = answers.get(key);
  if (!answer) {
    const body: CustomProfileBody = { dataZones: [...zones], ...(theme ? { theme } : {}), ...(name ? { name } : {}) };
    answer = api.customProfile(body);
    answers.set(key, answer);
    answer.catch(() => answers.delete(key));
  }
  return answer;
}

/**
 * Asks for an area defined by postcodes or a shape, and files the answer under the data zones it
 * turned out to hold, so showing those zones next does not ask again.
 */
export async function defineCustomArea(body: CustomProfileBody): Promise<CustomProfileReply> {
  const reply = await api.customProfile(body);
  answers.set(keyFor(reply.area.members.map((m) => m.code), body.theme ?? null, body.name ?? null), Promise.resolve(reply));
  return reply;
}
