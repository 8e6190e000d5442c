import { ConfigError } from '../config.ts';

/**
 * The two disclosure settings of custom areas. They are read here, once, when the routes are
 * registered (so at boot), rather than in config.ts, which other routes share; a bad value stops
 * the server with a message naming the key, as config.ts does for its own keys.
 */
export interface CustomAreaSettings {
  /** Fewest data zones a custom area may hold and still get figures. */
  minDataZones: number;
  /** Fewest data zones by which a custom area must differ from any published or recent area. */
  minDifference: number;
}

export const CUSTOM_AREA_KEYS = {
  CUSTOM_AREA_MIN_DATA_ZONES: { default: 3, description: 'a whole number from 1 to 100: the fewest data zones a custom area may hold (default 3)' },
  CUSTOM_AREA_MIN_DIFFERENCE: { default: 3, description: 'a whole number from 1 to 100: the fewest data zones by which a custom area must differ from any other area for counts and rates to show (default 3; 1 turns the check off)' },
} as const;

function wholeNumber(env: Record<string, string | undefined>, key: keyof typeof CUSTOM_AREA_KEYS): number {
  const given = env[key]?.trim();
  if (given === undefined || given === '') return CUSTOM_AREA_KEYS[key].default;
  const value = Number(given);
  if (!/^\d+$/.test(given) || value < 1 || value > 100) {
    throw new ConfigError(`${key} must be ${CUSTOM_AREA_KEYS[key].description}; got ${JSON.stringify(given)}.`);
  }
  return value;
}

export function loadCustomAreaSettings(env: Record<string, string | undefined> = process.env): CustomAreaSettings {
  return {
    minDataZones: wholeNumber(env, 'CUSTOM_AREA_MIN_DATA_ZONES'),
    minDifference: wholeNumber(env, 'CUSTOM_AREA_MIN_DIFFERENCE'),
  };
}
