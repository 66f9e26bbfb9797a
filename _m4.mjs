import * as esbuild from "esbuild";
import { gzipSync } from "node:zlib";
const ext = { name: "ext", setup(b) { b.onResolve({ filter: /live\.js$/ }, (a) => ({ path: a.path, external: true })); } };
for (const plugins of [[], [ext]]) {
const r = await esbuild.build({entryPoints:["widget/src/index.js"],bundle:true,minify:true,format:"esm",target:"es2017",external:["socket.io-client"],write:false,legalComments:"none",plugins});
console.log(r.outputFiles[0].text.length, gzipSync(r.outputFiles[0].text).length);
}
