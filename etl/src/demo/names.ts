/**
 * Fictional, Scots-flavoured place names built from common place-name elements. Combinations that
 * exist as words in real Scottish area names (checked against the SG data-zone lookup, the HSCP
 * locality list and the postcode sample when this list was written) are never produced, so no
 * synthetic area can be mistaken for a real one.
 */
import type { Random } from './random.ts';

const HEADS = [
  'Auch', 'Bal', 'Bar', 'Blair', 'Brae', 'Cairn', 'Craig', 'Cul', 'Drum', 'Dal', 'Dun', 'Fin',
  'Gart', 'Glen', 'Inver', 'Kil', 'Kin', 'Kirk', 'Knock', 'Lag', 'Lin', 'Loch', 'Muir', 'Pit',
  'Strath', 'Tor', 'Ard', 'Carn', 'Corr', 'Fal', 'Garv', 'Lang', 'Mos', 'Rath', 'Shan', 'Whin',
  'Sauch', 'Clach', 'Tulli', 'Ach', 'Cor', 'Gled', 'Hal', 'Leth', 'Mon', 'Skel', 'Tarn', 'Fern',
  'Gowk', 'Quhar', 'Bield', 'Dreg', 'Ettle', 'Heugh', 'Lour', 'Rowan', 'Sker', 'Tull', 'Yar',
];

const TAILS = [
  'brae', 'muir', 'haugh', 'field', 'burn', 'ness', 'law', 'ton', 'head', 'knowe', 'side', 'hill',
  'wood', 'bank', 'ford', 'shiels', 'cleugh', 'more', 'dale', 'gowan', 'lea', 'mains', 'mill',
  'mouth', 'rig', 'stane', 'wells', 'holm', 'craig', 'foot', 'gate', 'hope', 'lees', 'myre',
  'shaw', 'wick', 'garth', 'loan', 'cairn', 'ochy', 'ennie', 'aldie', 'ernie', 'avie', 'oran',
  'ockie', 'arvie', 'allan', 'inch', 'gill',
];

/** Heads that start the names of districts and valleys, as in council and old district names. */
const DISTRICT_HEADS = ['Strath', 'Glen', 'Inver', 'Loch', 'Dal', 'Kin', 'Ard', 'Muir', 'Carn'];

const NEIGHBOURHOOD_HEADS = [
  'Temple', 'Gala', 'Hay', 'Mill', 'Sea', 'Links', 'Brig', 'Gowan', 'Thistle', 'Abbey', 'Castle',
  'Chapel', 'Cross', 'Lady', 'Lime', 'Oak', 'Rose', 'Well', 'Wind', 'Burn', 'Dean', 'Elm', 'Fair',
  'Glebe', 'Green', 'Heather', 'Holly', 'Kings', 'Lark', 'Moss', 'Orchard', 'Queens', 'Rowan',
  'Sandy', 'Shore', 'Smith', 'Stone', 'Whin', 'Willow', 'Broom', 'Ferry', 'Tannery', 'Weaver',
  'Bleach', 'Cooper', 'Dyer', 'Flax', 'Harbour', 'Lint', 'Malt', 'Pier', 'Salt', 'Tile',
];

const NEIGHBOURHOOD_TAILS = [
  'hall', 'town', 'field', 'ton', 'head', 'side', 'park', 'bank', 'gait', 'lea', 'mount', 'brae',
  'hill', 'haugh', 'croft', 'knowe', 'wynd', 'gate', 'yards', 'row', 'end', 'green', 'law',
];

/** Real single-word names (or name parts) these elements can spell. */
const REAL_NAMES = new Set(
  (
    'Abbeyhill Achmore Ardgowan Ardler Ardmore Auchinairn Auchinleck Auchmuir Auchterderran ' +
    'Balerno Balfron Ballantrae Balloch Balmore Balmullo Bankfoot Bankhead Banktonton Barmulloch ' +
    'Bieldside Blairgowrie Blairhill Brackenbrae Braehead Braeside Brigton Broomhead Broomhill ' +
    'Burnbank Burnfoot Burnhead Burnhill Burnside Cairnbank Cairnhill Carnbee Carnoustie ' +
    'Castlehill Castlemilk Castlepark Chapelhall Chapelhill Chapelton Corstorphine Craigend ' +
    'Craighill Craigmillar Craigshill Craigton Crossgates Crosshill Dalkeith Dalmarnock Dalmuir ' +
    'Dalry Deanston Drumbrae Drumchapel Drumhead Drumry Dunbar Dunmore Dunmuir Elmwood Fairfield ' +
    'Fairhill Fairmilehead Fernhill Ferryden Ferryhill Findochty Gallowhill Gartcosh Garthamlock ' +
    'Gartlea Garvald Gateside Gleddoch Glenboig Glenburn Glencraig Glenfield Glenmuir Glenrothes ' +
    'Glenwood Gowanbank Greenbank Greenend Greenfield Greenhill Greenlaw Halbeath Hallglen ' +
    'Harbourside Hayfield Hillhead Hollybank Holmhill Inverallan Inverkeithing Inverkip ' +
    'Inverness Kilbirnie Kilbowie Kilmory Kilmuir Kilwinning Kincorth Kinghorn Kingsknowe ' +
    'Kingspark Kingston Kingsway Kingswells Kinloch Kinness Kinross Kirkcaldy Kirkfield Kirkhill ' +
    'Kirkliston Kirkton Kirkwood Knockentiber Ladybank Ladyburn Ladyhill Ladywell Lagganlia ' +
    'Langbank Langholm Langlees Langloan Langside Larkfield Larkhall Lethame Linburn Linksfield ' +
    'Linton Linwood Lochee Lochend Lochgelly Lochmill Lochore Lochside Lochwinnoch Maltings ' +
    'Millbrae Millfield Milton Monkton Morningside Mossbank Mossend Mossneuk Mosspark Muirhead ' +
    'Muirkirk Muirton Newton Oakbank Oakfield Pathhead Pierhead Pitcairn Pitcorthie Pitfour ' +
    'Queensferry Rathven Ravenscraig Rosebank Rosemount Rosewell Saltcoat Saltcoats Seafield ' +
    'Seaton Seatown Shandon Skelmorlie Smithton Stonefield Stonehaven Stonehouse Strathallan ' +
    'Strathbungo Strathmore Tanneryfield Templehall Thistlebank Tollcross Torbrex Torrance ' +
    'Tulliallan Tullibody Wellbank Wellgate Whinhall Whinhill Willowbrae Windygates Windyhill ' +
    'Woodside Castlegate Seagate Kingsgate Abbeygate Overgate Nethergate Kirkgate Lochness Dalmore'
  ).split(/\s+/),
);

const COMPASS = ['North', 'North East', 'East', 'South East', 'South', 'South West', 'West', 'North West'] as const;
export type Compass = (typeof COMPASS)[number];

/** The compass word for a direction from (x0, y0) to (x, y), in grid metres. */
export function compassFrom(x0: number, y0: number, x: number, y: number): Compass {
  const angle = Math.atan2(y - y0, x - x0); // 0 = east, counter-clockwise
  const sector = Math.round(((Math.PI / 2 - angle) / (2 * Math.PI)) * 8);
  return COMPASS[((sector % 8) + 8) % 8] as Compass;
}

function joinElements(head: string, tail: string): string | null {
  const last = head.charAt(head.length - 1);
  const first = tail.charAt(0);
  if (last === first) return null;
  if ('aeiou'.includes(last) && 'aeiou'.includes(first)) return null;
  if (head.toLowerCase().includes(tail.slice(0, 3))) return null;
  return head + tail;
}

export class PlaceNamer {
  private readonly used = new Set<string>();

  constructor(private readonly rng: Random) {}

  /** Marks a name as taken so no generated name repeats it. */
  reserve(name: string): void {
    this.used.add(name);
  }

  isTaken(name: string): boolean {
    return this.used.has(name);
  }

  /** A one-word settlement name such as "Glenhaugh". */
  settlement(): string {
    return this.unique(() => this.compound(HEADS, TAILS));
  }

  /** A district such as "Strathgowan", for a council area named after a strath rather than a town. */
  district(): string {
    return this.unique(() => this.compound(DISTRICT_HEADS, TAILS));
  }

  /** A village or hamlet, sometimes with a Scots qualifier ("Nether Garvshaw", "Kirkton of Lour"). */
  village(): string {
    return this.unique(() => {
      const base = this.compound(HEADS, TAILS);
      if (base === null) return null;
      const form = this.rng.next();
      if (form < 0.12) return `${this.rng.pick(['Nether', 'Easter', 'Wester', 'Over', 'Upper'])} ${base}`;
      if (form < 0.18) return `${this.rng.pick(['Kirkton', 'Milton', 'Bridgend'])} of ${base}`;
      return base;
    });
  }

  /** A town neighbourhood such as "Flaxcroft" or "Weaver Park". */
  neighbourhood(): string {
    return this.unique(() => {
      const head = this.rng.pick(NEIGHBOURHOOD_HEADS);
      if (this.rng.chance(0.18)) return `${head} ${this.rng.pick(['Park', 'Road', 'Gardens', 'Court', 'Place'])}`;
      const joined = joinElements(head, this.rng.pick(NEIGHBOURHOOD_TAILS));
      return joined && !REAL_NAMES.has(joined) ? joined : null;
    });
  }

  private compound(heads: readonly string[], tails: readonly string[]): string | null {
    const joined = joinElements(this.rng.pick(heads), this.rng.pick(tails));
    return joined && !REAL_NAMES.has(joined) ? joined : null;
  }

  private unique(make: () => string | null): string {
    for (let attempt = 0; attempt < 500; attempt++) {
      const name = make();
      if (name !== null && !this.used.has(name)) {
        this.used.add(name);
        return name;
      }
    }
    throw new Error('ran out of fictional place names');
  }
}
