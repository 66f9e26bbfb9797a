import * as esbuild from "esbuild";
import { gzipSync } from "node:zlib";
import fs from "node:fs";
import path from "node:path";
const g=(x)=>gzipSync(x).length;
async function size(stubFile) {
  const plugin = { name: "stub", setup(b) {
    b.onLoad({ filter: /widget[\\/]src[\\/].*\.js$/ }, (a) => {
      if (path.basename(a.path) !== stubFile) return;
      const src = fs.readFileSync(a.path, "utf8");
      const names = [...src.matchAll(/export (?:function|const|let) (\w+)/g)].map(m => m[1]);
      return { contents: names.map(n => n === "state" ? `export const state = {};` : `export const ${n} = () => {};`).join("\n"), loader: "js" };
    });
  }};
  const r = await esbuild.build({entryPoints:["widget/src/index.js"],bundle:true,minify:true,format:"esm",target:"es2017",external:["socket.io-client"],write:false,legalComments:"none",plugins:[plugin]});
  return g(r.outputFiles[0].contents);
}
const base = await size(null);
console.log("base", base);
for (const f of fs.readdirSync("widget/src")) if (f !== "index.js") console.log(f, base - await size(f));
