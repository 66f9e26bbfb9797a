import * as esbuild from "esbuild";
import { gzipSync } from "node:zlib";
const r = await esbuild.build({entryPoints:["widget/src/index.js"],bundle:true,minify:true,format:"esm",target:"es2017",external:["socket.io-client"],write:false,legalComments:"none"});
const t = r.outputFiles[0].text;
const g=(x)=>gzipSync(x).length;
const base=g(t);
// split into statements roughly at top-level "function " / "var " boundaries
const parts = t.split(/(?=(?:^|[;}])(?:function |var |let |import))/);
let acc = "";
for (const p of parts) { const before = g(acc||" "); acc += p; console.log(String(g(acc)-before).padStart(5), p.slice(0,110).replace(/\n/g," ")); }
console.log(base);
