/**
 * Writes the small boundary fixtures in data/fixtures/boundaries: a 2×2 grid of 1 km square
 * "data zones" in British National Grid (GeoJSON with a crs member, and an ESRI shapefile), and
 * a 2×2 grid in WGS84. Run: npx tsx geographies/scripts/writeGridFixtures.ts
 *
 * The shapefile is written byte by byte from the ESRI Shapefile Technical Description (1998) and
 * dBASE III layout, so the reader is tested against a file our reader did not produce.
 */
import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const out = resolve(dirname(fileURLToPath(import.meta.url)), '../../data/fixtures/boundaries');

interface Square {
  code: string;
  name: string;
  west: number;
  south: number;
  size: number;
}

/** South-west, south-east, north-west, north-east. */
function grid(west: number, south: number, size: number, names: string[]): Square[] {
  return [0, 1, 2, 3].map((i) => ({
    code: `S0100000${i + 1}`,
    name: names[i]!,
    west: west + (i % 2) * size,
    south: south + Math.floor(i / 2) * size,
    size,
  }));
}

/** Counter-clockwise (RFC 7946) ring. */
const ring = ({ west, south, size }: Square) => [
  [west, south],
  [west + size, south],
  [west + size, south + size],
  [west, south + size],
  [west, south],
];

/** One feature per line, so a diff shows which square changed. */
function geoJson(squares: Square[], crs?: string): string {
  const features = squares.map((square) =>
    JSON.stringify({
      type: 'Feature',
      properties: { dz_code: square.code, dz_name: square.name },
      geometry: { type: 'Polygon', coordinates: [ring(square)] },
    }),
  );
  const crsMember = crs ? `"crs": ${JSON.stringify({ type: 'name', properties: { name: crs } })},\n` : '';
  return `{\n"type": "FeatureCollection",\n${crsMember}"features": [\n${features.join(',\n')}\n]\n}\n`;
}

const bngNames = ['Grid South West', 'Grid South East', 'Grid North West', 'Steòrnabhagh a Tuath'];
const bng = grid(326_000, 700_000, 1_000, bngNames);
writeFileSync(resolve(out, 'dz_grid_bng.geojson'), geoJson(bng, 'urn:ogc:def:crs:EPSG::27700'));
writeFileSync(
  resolve(out, 'dz_grid_wgs84.geojson'),
  geoJson(grid(-3.2, 56.18, 0.01, ['Grid South West', 'Grid South East', 'Grid North West', 'Grid North East'])),
);
writeShapefile(resolve(out, 'dz_grid_bng'), bng);

function writeShapefile(stem: string, squares: Square[]): void {
  // Shapefile rings run clockwise around the inside.
  const rings = squares.map((square) => ring(square).reverse());
  const records = rings.map((points) => {
    const content = Buffer.alloc(4 + 32 + 4 + 4 + 4 + points.length * 16);
    const xs = points.map((p) => p[0]!);
    const ys = points.map((p) => p[1]!);
    content.writeInt32LE(5, 0); // Polygon
    [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)].forEach((v, i) => content.writeDoubleLE(v, 4 + i * 8));
    content.writeInt32LE(1, 36); // parts
    content.writeInt32LE(points.length, 40);
    content.writeInt32LE(0, 44); // the one part starts at point 0
    points.forEach(([x, y], i) => {
      content.writeDoubleLE(x!, 48 + i * 16);
      content.writeDoubleLE(y!, 56 + i * 16);
    });
    return content;
  });

  const all = rings.flat();
  const box = [
    Math.min(...all.map((p) => p[0]!)),
    Math.min(...all.map((p) => p[1]!)),
    Math.max(...all.map((p) => p[0]!)),
    Math.max(...all.map((p) => p[1]!)),
  ];
  const header = (lengthBytes: number) => {
    const h = Buffer.alloc(100);
    h.writeInt32BE(9994, 0);
    h.writeInt32BE(lengthBytes / 2, 24); // in 16-bit words
    h.writeInt32LE(1000, 28);
    h.writeInt32LE(5, 32);
    box.forEach((v, i) => h.writeDoubleLE(v, 36 + i * 8));
    return h;
  };

  const shpParts: Buffer[] = [];
  const shxParts: Buffer[] = [];
  let offset = 100;
  records.forEach((content, i) => {
    const recordHeader = Buffer.alloc(8);
    recordHeader.writeInt32BE(i + 1, 0);
    recordHeader.writeInt32BE(content.length / 2, 4);
    shpParts.push(recordHeader, content);
    const index = Buffer.alloc(8);
    index.writeInt32BE(offset / 2, 0);
    index.writeInt32BE(content.length / 2, 4);
    shxParts.push(index);
    offset += 8 + content.length;
  });
  writeFileSync(`${stem}.shp`, Buffer.concat([header(offset), ...shpParts]));
  writeFileSync(`${stem}.shx`, Buffer.concat([header(100 + 8 * records.length), ...shxParts]));

  const fields = [
    { name: 'DataZone', length: 9 },
    { name: 'Name', length: 40 },
  ];
  const recordLength = 1 + fields.reduce((sum, f) => sum + f.length, 0);
  const headerLength = 32 + 32 * fields.length + 1;
  const dbfHeader = Buffer.alloc(headerLength);
  dbfHeader.writeUInt8(0x03, 0); // dBASE III, no memo
  dbfHeader.writeUInt8(124, 1); // last update 2024-01-01 (years since 1900)
  dbfHeader.writeUInt8(1, 2);
  dbfHeader.writeUInt8(1, 3);
  dbfHeader.writeUInt32LE(squares.length, 4);
  dbfHeader.writeUInt16LE(headerLength, 8);
  dbfHeader.writeUInt16LE(recordLength, 10);
  fields.forEach((field, i) => {
    const at = 32 + i * 32;
    dbfHeader.write(field.name, at, 'latin1');
    dbfHeader.write('C', at + 11, 'latin1');
    dbfHeader.writeUInt8(field.length, at + 16);
  });
  dbfHeader.writeUInt8(0x0d, headerLength - 1);
  const dbfRecords = squares.map((square) => {
    const record = Buffer.alloc(recordLength, 0x20);
    Buffer.from(square.code, 'utf8').copy(record, 1);
    Buffer.from(square.name, 'utf8').copy(record, 1 + fields[0]!.length);
    return record;
  });
  writeFileSync(`${stem}.dbf`, Buffer.concat([dbfHeader, ...dbfRecords, Buffer.from([0x1a])]));
  writeFileSync(`${stem}.cpg`, 'UTF-8\n');
  writeFileSync(
    `${stem}.prj`,
    'PROJCS["British_National_Grid",GEOGCS["GCS_OSGB_1936",DATUM["D_OSGB_1936",SPHEROID["Airy_1830",6377563.396,299.3249646]],' +
      'PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],' +
      'PARAMETER["False_Easting",400000.0],PARAMETER["False_Northing",-100000.0],PARAMETER["Central_Meridian",-2.0],' +
      'PARAMETER["Scale_Factor",0.9996012717],PARAMETER["Latitude_Of_Origin",49.0],UNIT["Meter",1.0]]',
  );
}
