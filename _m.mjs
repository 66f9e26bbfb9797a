import * as esbuild from "esbuild";
import { gzipSync } from "node:zlib";
const r = await esbuild.build({entryPoints:["widget/src/index.js"],bundle:true,minify:true,format:"esm",target:"es2017",external:["socket.io-client"],write:false,legalComments:"none"});
const t = r.outputFiles[0].text;
const full = await esbuild.build({entryPoints:["widget/src/index.js"],bundle:true,minify:true,format:"iife",target:"es2017",write:false,legalComments:"none"});
const v = await esbuild.build({stdin:{contents:'import {io} from "socket.io-client"; window.x=io',resolveDir:"."},bundle:true,minify:true,format:"iife",target:"es2017",write:false,legalComments:"none"});
const g=(x)=>gzipSync(x).length, g9=(x)=>gzipSync(x,{level:9}).length;
console.log("own", t.length, g(t), g9(t), "full", g(full.outputFiles[0].contents), "vendor", g(v.outputFiles[0].contents), "marginal", g(full.outputFiles[0].contents)-g(v.outputFiles[0].contents));
