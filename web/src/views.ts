/**
 * The app's views: the home page, the five functions and the partners' publishing page. This list
 * is the navigation, the home page's links and the router's vocabulary. To add a function's page,
 * write its component in pages/ and point `load` at it; the shell, links and URLs follow.
 */
import type { Component } from 'svelte';

export type ViewKey = 'home' | 'quick-profile' | 'explorer' | 'area-profiles' | 'dashboard' | 'tables' | 'partner';

export interface View {
  key: ViewKey;
  /** The name in the navigation and the page title. */
  label: string;
  /** One sentence on the home page: what a person can do there. */
  summary: string;
  /** Lazily loaded so the home page does not carry MapLibre. */
  load: () => Promise<{ default: Component }>;
  /** True while the view is a placeholder awaiting its function. */
  planned?: boolean;
  /** Reached by its URL and a footer link, but not in the navigation or on the home page: not a public function. */
  hidden?: boolean;
}

export const views: View[] = [
  {
    key: 'home',
    label: 'Home',
    summary: 'What AreaLens is and where to start.',
    load: () => import('./pages/Home.svelte'),
  },
  {
    key: 'quick-profile',
    label: 'Quick Profile',
    summary: 'Type a place name and get a one-page profile: people, deprivation and key indicators against the council and Scotland.',
    load: () => import('./pages/QuickProfile.svelte'),
  },
  {
    key: 'explorer',
    label: 'Data Explorer',
    summary: 'Find an indicator, map it at any geography, sort the figures and follow the trend.',
    load: () => import('./pages/Explorer.svelte'),
  },
  {
    key: 'area-profiles',
    label: 'Area Profiles',
    summary: 'A full profile of an area, theme by theme, with ranks and inequalities inside it.',
    load: () => import('./pages/AreaProfiles.svelte'),
  },
  {
    key: 'dashboard',
    label: 'Dashboard',
    summary: 'Outcomes that need attention: indicators worse than comparators and getting worse, with targets and spend.',
    load: () => import('./pages/Dashboard.svelte'),
  },
  {
    key: 'tables',
    label: 'Advanced Tables',
    summary: 'Build your own table of areas, indicators and periods, and download it as CSV or a spreadsheet.',
    load: () => import('./pages/Tables.svelte'),
  },
  {
    key: 'partner',
    label: 'Partner publishing',
    summary: 'For data partners: upload files, check what would change, and publish a new release.',
    load: () => import('./pages/Partner.svelte'),
    hidden: true,
  },
];

/** What the main navigation lists. */
export const navigation = views.filter((v) => !v.hidden);
export const functions = navigation.filter((v) => v.key !== 'home');
export const viewFor = (key: ViewKey): View => views.find((v) => v.key === key)!;
