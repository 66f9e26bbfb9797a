// The front-end build: `npm run build` (node build.mjs).
//
// Bundles every entry below into server/sitetracker/static/build/<name>.js (one
// minified IIFE for ES2017 browsers, plus an unlinked <name>.js.map for us), prints
// each file's raw and gzip size, and fails when a size budget is exceeded:
//
//   total  the whole file, as stores' shoppers download it (gzip);
//   own    our own code alone: the same bundle with the `vendor` packages left out.

import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { gzipSync } from "node:zlib";
import * as esbuild from "esbuild";

const KB = 1024;
const OUT_DIR = "server/sitetracker/static/build";

// To add a script (the admin overlay, the dashboard), add a line here; the server
// serves every built <name>.js at /<name>.js.
const ENTRIES = [
  {
    name: "widget",
    source: "widget/src/index.js",
    vendor: ["socket.io-client"],
    budgets: { own: 2 * KB, total: 20 * KB },
  },
];

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
const kb = (n) => (n / KB).toFixed(2).padStart(6) + " KB";

async function buildEntry(entry) {
  const outfile = path.join(OUT_DIR, entry.name + ".js");
  const result = await esbuild.build({
    ...COMMON,
    entryPoints: [entry.source],
    format: "iife",
    outfile,
    sourcemap: "external", // written next to the file, never referenced from it
  });
  for (const file of result.outputFiles) await writeFile(file.path, file.contents);
  const script = result.outputFiles.find((file) => file.path.endsWith(".js")).contents;

  // Our own code: the same modules with the vendor packages left as one import line.
  const own = await esbuild.build({
    ...COMMON,
    entryPoints: [entry.source],
    format: "esm",
    external: entry.vendor || [],
  });
  const ownCode = own.outputFiles[0].contents;

  return {
    name: entry.name,
    sizes: {
      total: { raw: script.length, gzip: gzipSize(script) },
      own: { raw: ownCode.length, gzip: gzipSize(ownCode) },
    },
    budgets: entry.budgets || {},
  };
}

function report({ name, sizes, budgets }) {
  const failures = [];
  const labels = { total: `${name}.js`, own: "  own code" };
  for (const part of ["total", "own"]) {
    const { raw, gzip } = sizes[part];
    const budget = budgets[part];
    const over = budget !== undefined && gzip > budget;
    const limit = budget === undefined ? "" : `  (budget ${kb(budget).trim()} gzip)`;
    console.log(`${labels[part].padEnd(14)}${kb(raw)} raw ${kb(gzip)} gzip${limit}${over ? "  OVER" : ""}`);
    if (over) failures.push(`${name}: ${part} is ${gzip} bytes gzipped, budget ${budget}`);
  }
  return failures;
}

async function main() {
  await mkdir(OUT_DIR, { recursive: true });
  const failures = [];
  for (const entry of ENTRIES) failures.push(...report(await buildEntry(entry)));
  if (failures.length) {
    console.error("\nsize budget exceeded:\n  " + failures.join("\n  "));
    process.exitCode = 1;
  }
}

main().catch((error) => {
  // esbuild has already printed its own diagnostics
  if (!error.errors) console.error(error);
  process.exitCode = 1;
});
