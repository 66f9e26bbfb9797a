// The front-end build: `npm run build` (node build.mjs).
//
// Bundles every entry below into server/sitetracker/static/build/<name>.js (one
// minified IIFE for ES2017 browsers, plus an unlinked <name>.js.map for us), writes the
// dashboard's stylesheet (board.css) and world map (world.json, GeoJSON with ISO alpha-2
// country codes) next to them, prints each file's raw and gzip size, and exits non-zero
// when a size budget is exceeded:
//
//   total  the whole file, as shoppers download it;
//   own    our own code alone: the same modules with the `vendor` packages left out.
//
// A `target` below a budget is a goal: missing it prints a warning, not a failure.

import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { gzipSync } from "node:zlib";
import * as esbuild from "esbuild";
import countries from "i18n-iso-countries";
import { feature } from "topojson-client";

const KB = 1024;
const OUT_DIR = "server/sitetracker/static/build";

// To add a script (the admin overlay, the dashboard), add an entry; the server serves
// every built <name>.js at /<name>.js.
const ENTRIES = [
  {
    // The tracker itself: all of it is our own code.
    name: "widget",
    source: "widget/src/index.js",
    budgets: { own: 2 * KB, total: 2 * KB },
  },
  {
    // The live channel, loaded by the tracker after the page's own work, with the
    // Web Vitals measurements (web-vitals).
    name: "widget-live",
    source: "widget/src/live.js",
    vendor: ["socket.io-client"],
    budgets: { total: 18 * KB },
  },
  {
    // Web Vitals (the web-vitals library), loaded by the live channel once it runs.
    name: "widget-vitals",
    source: "widget/src/vitals-chunk.js",
    vendor: ["web-vitals"],
    budgets: { total: 5 * KB },
  },
  {
    // The shopper's chat and broadcast banners, loaded by the live channel the first
    // time the server sends something to show.
    name: "widget-chat",
    source: "widget/src/chat/index.js",
    budgets: { total: 6 * KB },
  },
  {
    // The recorder (widget/src/watch/, rrweb's record), loaded by the live channel only
    // when the server asks: an admin watches the shopper, or a checkout page keeps its
    // last two minutes for an alert.
    name: "widget-watch",
    source: "widget/src/watch/index.js",
    vendor: ["@rrweb/record", "@rrweb/types", "@rrweb/utils", "rrweb", "rrweb-snapshot"],
    budgets: { total: 26 * KB, own: 3 * KB },
  },
  {
    // The live view for admins (admin-overlay/src/watch/, rrweb's Replayer), loaded by
    // the overlay, the Messages page and the board when an admin clicks Watch or Replay.
    name: "watch-view",
    source: "admin-overlay/src/watch/view.js",
    vendor: ["@rrweb/replay", "@rrweb/types", "@rrweb/utils", "rrweb", "rrweb-snapshot", "rrdom"],
    budgets: { total: 64 * KB, own: 6 * KB },
  },
  {
    // The admin overlay (admin-overlay/src/): alerts, chat and broadcasts on any admin
    // page of a store, in a shadow root, with the Socket.IO client bundled.
    name: "overlay",
    source: "admin-overlay/src/index.js",
    vendor: ["socket.io-client"],
    budgets: { total: 30 * KB, own: 16 * KB },
  },
  {
    // The dashboard's Messages page: the overlay's chat window on the admin session.
    name: "messages",
    source: "admin-overlay/src/messages.js",
    vendor: ["socket.io-client"],
    budgets: { total: 28 * KB },
  },

  {
    // The live board (dashboard/src/): tiles on a grid, charts, the admin socket.
    name: "board",
    source: "dashboard/src/board.js",
    vendor: ["socket.io-client", "echarts", "zrender", "gridstack"],
    budgets: { total: 320 * KB, own: 30 * KB },
  },
  {
    // A site's reports page: figures, charts and tables of a period.
    name: "reports",
    source: "dashboard/src/reports.js",
    vendor: ["echarts", "zrender"],
    budgets: { total: 260 * KB, own: 12 * KB },
  },
  {
    // The site page's verify mode: one browser's events over the admin socket.
    name: "verify",
    source: "dashboard/src/verify.js",
    vendor: ["socket.io-client"],
    budgets: { total: 16 * KB },
  },
  {
    // The agency overview: a card per site, one multiplexed socket.
    name: "overview",
    source: "dashboard/src/overview.js",
    vendor: ["socket.io-client"],
    budgets: { total: 25 * KB, own: 10 * KB },
  },
  {
    // The overview's world map across sites (the board's map tile), loaded by it.
    name: "overview-map",
    source: "dashboard/src/overview_map.js",
    vendor: ["echarts", "zrender"],
    budgets: { total: 260 * KB, own: 10 * KB },
  },
];

// Files the dashboard fetches besides its scripts, with their gzip budgets.
const ASSET_BUDGETS = { "board.css": 8 * KB, "world.json": 60 * KB };

const COMMON = {
  bundle: true,
  minify: true,
  target: "es2017",
  platform: "browser",
  legalComments: "none",
  logLevel: "warning",
  write: false,
};

const gzipSize = (bytes) => gzipSync(bytes).length; // zlib's default level, as `gzip -6`
const kb = (bytes) => (bytes / KB).toFixed(2) + " KB";

/** A comment naming the packages bundled into `metafile`'s output, with their licenses. */
async function licenseBanner(metafile) {
  const names = new Set();
  for (const input of Object.keys(Object.values(metafile.outputs)[0].inputs)) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
    if (match) names.add(match[1]);
  }
  const packages = [];
  for (const name of [...names].sort()) {
    const { version, license } = JSON.parse(await readFile(`node_modules/${name}/package.json`, "utf8"));
    packages.push(`${name}@${version} (${license})`);
  }
  return packages.length ? `/*! SiteTracker. Bundles ${packages.join(", ")} */` : "";
}

async function buildEntry(entry) {
  const probe = await esbuild.build({ ...COMMON, entryPoints: [entry.source], metafile: true });
  const result = await esbuild.build({
    ...COMMON,
    entryPoints: [entry.source],
    banner: { js: await licenseBanner(probe.metafile) },
    outfile: path.join(OUT_DIR, entry.name + ".js"),
    format: "iife",
    sourcemap: "external", // <name>.js.map next to it, not referenced by the script
  });
  for (const file of result.outputFiles) await writeFile(file.path, file.contents);
  const script = result.outputFiles.find((file) => file.path.endsWith(".js")).contents;

  // Our own code: the same modules, with the vendor packages as one import line.
  const own = await esbuild.build({
    ...COMMON,
    entryPoints: [entry.source],
    format: "esm",
    external: entry.vendor || [],
  });
  const ownCode = own.outputFiles[0].contents;
  return {
    total: { raw: script.length, gzip: gzipSize(script) },
    own: { raw: ownCode.length, gzip: gzipSize(ownCode) },
  };
}

/** Prints the sizes of one entry; returns the budgets it exceeds. */
function report(entry, sizes) {
  const failures = [];
  for (const part of ["total", "own"]) {
    const { raw, gzip } = sizes[part];
    const budget = (entry.budgets || {})[part];
    const target = (entry.targets || {})[part];
    const label = part == "total" ? `${entry.name}.js` : "  own code";
    let line = `${label.padEnd(12)} ${kb(raw).padStart(9)} raw ${kb(gzip).padStart(9)} gzip`;
    if (budget !== undefined) line += `   budget ${kb(budget)}`;
    if (target !== undefined) line += `, target ${kb(target)}`;
    if (budget !== undefined && gzip > budget) {
      line += "   OVER BUDGET";
      failures.push(`${entry.name}: ${part} is ${gzip} bytes gzipped, over its budget of ${budget}`);
    } else if (target !== undefined && gzip > target) {
      line += "   above target";
    }
    console.log(line);
  }
  return failures;
}

/** The dashboard's stylesheet: ours, with gridstack's bundled in. */
async function buildStyles() {
  const result = await esbuild.build({
    ...COMMON,
    entryPoints: ["dashboard/src/board.css"],
    outfile: path.join(OUT_DIR, "board.css"),
  });
  const css = result.outputFiles[0].contents;
  await writeFile(result.outputFiles[0].path, css);
  return css;
}

// Countries the map data names but ISO 3166 numbering does not cover.
const EXTRA_CODES = { Kosovo: "XK", "N. Cyprus": "CY", Somaliland: "SO" };

/** A ring with its longitudes made continuous: a step of more than 180 degrees is the
 *  same step the other way round the globe (Russia's and Fiji's rings cross the
 *  antimeridian, jumping from 179 to -180). */
function unwrapRing(ring) {
  const out = [];
  for (const [lon, lat] of ring) {
    let next = lon;
    if (out.length) {
      const last = out[out.length - 1][0];
      while (next - last > 180) next -= 360;
      while (next - last < -180) next += 360;
    }
    out.push([next, lat]);
  }
  return out;
}

/** The part of a ring on one side of the meridian `at` (Sutherland-Hodgman). */
function clipRing(ring, at, keepWest) {
  const inside = ([lon]) => (keepWest ? lon <= at : lon >= at);
  const cross = ([lon1, lat1], [lon2, lat2]) => [at, lat1 + ((lat2 - lat1) * (at - lon1)) / (lon2 - lon1)];
  const out = [];
  for (let i = 0; i < ring.length; i++) {
    const point = ring[i];
    const previous = ring[(i + ring.length - 1) % ring.length];
    if (inside(point)) {
      if (!inside(previous)) out.push(cross(previous, point));
      out.push(point);
    } else if (inside(previous)) {
      out.push(cross(previous, point));
    }
  }
  return out;
}

const ringArea = (ring) => ring.reduce((sum, [x1, y1], i) => {
  const [x2, y2] = ring[(i + 1) % ring.length];
  return sum + x1 * y2 - x2 * y1;
}, 0) / 2;

/** A polygon's rings cut at the antimeridian into polygons that each stay within
 *  -180..180, so a flat map never draws one across the whole world. */
function splitAtAntimeridian(polygon) {
  const rings = polygon.map(unwrapRing);
  const pieces = [];
  for (const offset of [-360, 0, 360]) {
    const piece = [];
    for (const [index, ring] of rings.entries()) {
      let part = clipRing(clipRing(ring, offset + 180, true), offset - 180, false);
      if (part.length < 3 || Math.abs(ringArea(part)) < 1e-6) {
        if (index === 0) break; // nothing of the outer ring on this side
        continue;
      }
      part = part.map(([lon, lat]) => [lon - offset, lat]);
      piece.push([...part, part[0]]);
    }
    if (piece.length) pieces.push(piece);
  }
  return pieces;
}

/** Natural Earth's countries (world-atlas, 1:110m) as GeoJSON whose features are named
 *  by ISO alpha-2 code (the snapshot's `countries`), Antarctica left out, polygons cut
 *  at the antimeridian, coordinates rounded to 0.01 degree. */
async function buildWorldMap() {
  const topology = JSON.parse(await readFile("node_modules/world-atlas/countries-110m.json", "utf8"));
  const world = feature(topology, topology.objects.countries);
  const round = (value) => (Array.isArray(value) ? value.map(round) : Math.round(value * 100) / 100);
  const features = [];
  for (const country of world.features) {
    const label = country.properties.name;
    const code = (country.id && countries.numericToAlpha2(country.id)) || EXTRA_CODES[label];
    if (!code || code === "AQ") continue;
    const polygons = country.geometry.type === "Polygon" ? [country.geometry.coordinates] : country.geometry.coordinates;
    const pieces = polygons.flatMap(splitAtAntimeridian);
    features.push({
      type: "Feature",
      properties: { name: code, label },
      geometry: pieces.length === 1
        ? { type: "Polygon", coordinates: round(pieces[0]) }
        : { type: "MultiPolygon", coordinates: round(pieces) },
    });
  }
  const json = Buffer.from(JSON.stringify({ type: "FeatureCollection", features }));
  await writeFile(path.join(OUT_DIR, "world.json"), json);
  return json;
}

function reportAsset(name, bytes) {
  const budget = ASSET_BUDGETS[name];
  const gzip = gzipSize(bytes);
  let line = `${name.padEnd(12)} ${kb(bytes.length).padStart(9)} raw ${kb(gzip).padStart(9)} gzip   budget ${kb(budget)}`;
  if (gzip > budget) line += "   OVER BUDGET";
  console.log(line);
  return gzip > budget ? [`${name}: ${gzip} bytes gzipped, over its budget of ${budget}`] : [];
}

async function main() {
  await mkdir(OUT_DIR, { recursive: true });
  const failures = [];
  const sizes = {};
  for (const entry of ENTRIES) {
    sizes[entry.name] = await buildEntry(entry);
    failures.push(...report(entry, sizes[entry.name]));
  }
  // What a storefront downloads in all: the tracker and its live channel.
  const storefront = sizes.widget.total.gzip + sizes["widget-live"].total.gzip;
  console.log(`${"storefront".padEnd(12)} ${"".padStart(13)} ${kb(storefront).padStart(9)} gzip   budget ${kb(20 * KB)} (widget.js + widget-live.js)`);
  if (storefront > 20 * KB) failures.push(`storefront: ${storefront} bytes gzipped, over 20 KB`);
  failures.push(...reportAsset("board.css", await buildStyles()));
  failures.push(...reportAsset("world.json", await buildWorldMap()));
  if (failures.length) {
    console.error("\nsize budget exceeded:\n  " + failures.join("\n  "));
    process.exitCode = 1;
  }
}

main().catch((error) => {
  if (!error.errors) console.error(error); // esbuild has printed its own diagnostics
  process.exitCode = 1;
});
