// The overlay's styles, inside its shadow root: the host page's styles do not reach in,
// and these do not reach out.

export const CSS = `
:host{all:initial}
*{box-sizing:border-box;margin:0;padding:0;font:inherit;color:inherit;letter-spacing:normal}
.st{--a:#4f46e5;--a2:#4338ca;--as:#eef0ff;--d:#dc2626;--ds:#fef2f2;--ok:#15803d;--oks:#ecfdf3;--w:#b45309;--ws:#fffbeb;--tx:#111827;--mu:#6b7280;--bd:#e5e7eb;--bg:#fff;--bg2:#f6f7f9;
  font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",sans-serif;color:var(--tx);-webkit-font-smoothing:antialiased;text-align:left}
button,input,select,textarea{font:inherit;color:inherit}
button{cursor:pointer;border:0;background:none}
button:disabled{cursor:default}
:focus-visible{outline:3px solid rgba(79,70,229,.45);outline-offset:2px}
svg{flex:none;fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round;stroke-linejoin:round}
[hidden]{display:none!important}
.vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.muted{color:var(--mu)}
.small{font-size:12.5px}

.btn{display:inline-flex;align-items:center;justify-content:center;gap:6px;height:36px;padding:0 14px;border-radius:9px;border:1px solid var(--bd);background:var(--bg);font-weight:600;font-size:13.5px;white-space:nowrap;transition:background .12s,border-color .12s}
.btn:hover:not(:disabled){background:var(--bg2)}
.btn.primary{background:var(--a);border-color:var(--a);color:#fff}
.btn.primary:hover:not(:disabled){background:var(--a2)}
.btn.danger{background:var(--d);border-color:var(--d);color:#fff}
.btn.danger:hover:not(:disabled){background:#b91c1c}
.btn.ghost{border-color:transparent;background:transparent}
.btn.small{height:30px;padding:0 10px;font-size:12.5px;border-radius:8px}
.btn:disabled{opacity:.5}
.icon-btn{width:32px;height:32px;border-radius:8px;display:grid;place-items:center;color:var(--mu)}
.icon-btn:hover{background:var(--bg2);color:var(--tx)}
.chip{display:inline-flex;align-items:center;gap:5px;height:22px;padding:0 8px;border-radius:11px;font-size:12px;font-weight:600;background:var(--bg2);color:var(--mu);white-space:nowrap}
.chip.live{background:var(--oks);color:var(--ok)}
.chip.live::before{content:"";width:7px;height:7px;border-radius:50%;background:currentColor}
.chip.left{background:#f3f4f6;color:#6b7280}
.chip.scheduled{background:var(--ws);color:var(--w)}
.chip.active{background:var(--oks);color:var(--ok)}
.chip.viewer{background:var(--as);color:var(--a)}

.dock{position:fixed;right:20px;bottom:20px;z-index:2147483000;display:flex;flex-direction:column;align-items:flex-end;gap:12px;pointer-events:none}
.dock>*{pointer-events:auto}
.pair{display:flex;gap:12px;align-items:flex-end;pointer-events:none}.pair>*{pointer-events:auto}
.launcher{display:flex;align-items:center;gap:9px;height:44px;padding:0 16px 0 14px;border-radius:22px;background:#111827;color:#fff;font-weight:600;box-shadow:0 8px 24px rgba(17,24,39,.3);transition:transform .12s}
.launcher:hover{transform:translateY(-1px)}
.dot{width:9px;height:9px;border-radius:50%;background:#9ca3af}
.dot.live{background:#22c55e;box-shadow:0 0 0 3px rgba(34,197,94,.25)}
.dot.refused{background:var(--d)}
.count{min-width:22px;height:22px;padding:0 7px;border-radius:11px;background:var(--d);color:#fff;font-size:12px;line-height:22px;text-align:center}
.refusal{max-width:340px;padding:12px 14px;border-radius:12px;background:var(--ds);color:#7f1d1d;border:1px solid #fecaca;font-size:13px;box-shadow:0 6px 20px rgba(17,24,39,.12)}
.refusal strong{display:block;color:var(--d)}

.sheet{width:400px;max-width:calc(100vw - 24px);max-height:min(640px,calc(100vh - 100px));display:flex;flex-direction:column;border-radius:16px;background:var(--bg);border:1px solid var(--bd);box-shadow:0 24px 60px rgba(17,24,39,.25);overflow:hidden;animation:rise .2s ease-out}
.sheet-head{display:flex;align-items:center;gap:10px;padding:14px 12px 12px 18px;border-bottom:1px solid var(--bd)}
.sheet-head h2{flex:1;font-size:15.5px;font-weight:700;min-width:0;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.tabs{display:flex;gap:4px;padding:10px 12px 0;border-bottom:1px solid var(--bd)}
.tab{position:relative;padding:8px 10px 10px;font-weight:600;color:var(--mu);font-size:13.5px}
.tab[aria-selected=true]{color:var(--a)}
.tab[aria-selected=true]::after{content:"";position:absolute;left:8px;right:8px;bottom:-1px;height:2px;border-radius:2px;background:var(--a)}
.tab .count{display:inline-block;margin-left:6px;min-width:18px;height:18px;line-height:18px;font-size:11px;padding:0 5px}
.sheet-body{flex:1;overflow-y:auto;padding:12px}
.sheet-foot{display:flex;align-items:center;gap:8px;padding:10px 12px;border-top:1px solid var(--bd);background:var(--bg2)}
.sheet-foot .who{flex:1;font-size:12.5px;color:var(--mu);overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.toggle{display:inline-flex;align-items:center;gap:6px;height:30px;padding:0 10px;border-radius:8px;font-size:12.5px;font-weight:600;color:var(--mu)}
.toggle:hover{background:var(--bd)}
.toggle[aria-pressed=true]{color:var(--a);background:var(--as)}
.empty{padding:28px 12px;text-align:center;color:var(--mu)}

.rows{list-style:none;display:flex;flex-direction:column;gap:6px}
.row{display:flex;gap:11px;align-items:flex-start;width:100%;padding:10px;border-radius:10px;text-align:left}
button.row:hover,.row.clickable:hover{background:var(--bg2)}
.row-open{flex:1;display:flex;gap:11px;align-items:flex-start;min-width:0;text-align:left}
.row-icon{width:34px;height:34px;border-radius:50%;display:grid;place-items:center;flex:none;background:var(--as);color:var(--a)}
.row-icon.emergency{background:var(--ds);color:var(--d)}
.row-icon.sale{background:var(--oks);color:var(--ok)}
.row-icon.warning{background:var(--ws);color:var(--w)}
.row-main{flex:1;min-width:0}
.row-main strong{display:block;font-weight:600;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.row-main span{display:block;font-size:12.5px;color:var(--mu);overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.row-side{display:flex;flex-direction:column;align-items:flex-end;gap:4px;font-size:12px;color:var(--mu)}

.toasts{position:fixed;top:20px;right:20px;z-index:2147483001;display:flex;flex-direction:column;gap:10px;width:370px;max-width:calc(100vw - 24px);pointer-events:none}
.toast{pointer-events:auto;display:flex;gap:12px;padding:14px 12px 14px 14px;border-radius:14px;background:var(--bg);border:1px solid var(--bd);box-shadow:0 12px 32px rgba(17,24,39,.18);animation:slide .25s ease-out;position:relative;overflow:hidden}
.toast::before{content:"";position:absolute;left:0;top:0;bottom:0;width:4px;background:var(--a)}
.toast.sale::before{background:#22c55e}
.toast.warning::before{background:#f59e0b}
.toast.emergency::before{background:var(--d)}
.toast-main{flex:1;min-width:0}
.toast-main strong{display:block;font-weight:700;overflow-wrap:anywhere}
.toast-main p{font-size:12.5px;color:var(--mu);margin-top:2px;overflow-wrap:anywhere}
.toast-actions{display:flex;gap:6px;margin-top:10px}

.backdrop{position:fixed;inset:0;z-index:2147483002;display:grid;place-items:center;padding:20px;background:rgba(15,18,25,.55);animation:fade .2s ease-out}
.modal{width:580px;max-width:100%;max-height:calc(100vh - 40px);display:flex;flex-direction:column;border-radius:18px;background:var(--bg);box-shadow:0 30px 80px rgba(0,0,0,.35);overflow:hidden;animation:pop .25s cubic-bezier(.2,.9,.3,1.2)}
.modal-head{display:flex;gap:14px;align-items:flex-start;padding:20px 20px 18px 22px;background:linear-gradient(135deg,#b91c1c,#dc2626 60%,#ef4444);color:#fff}
.siren{width:46px;height:46px;border-radius:50%;display:grid;place-items:center;background:rgba(255,255,255,.18);flex:none;animation:ring 1.6s ease-out infinite}
.modal-head div{flex:1;min-width:0}
.eyebrow{font-size:12px;font-weight:700;letter-spacing:.06em;text-transform:uppercase;opacity:.85}
.modal-head h2{font-size:21px;font-weight:750;line-height:1.25;margin-top:1px;overflow-wrap:anywhere}
.modal-head .why{font-size:14px;opacity:.92;margin-top:2px;overflow-wrap:anywhere}
.modal-head .icon-btn{color:#fff}
.modal-head .icon-btn:hover{background:rgba(255,255,255,.16);color:#fff}
.modal-body{overflow-y:auto;padding:18px 22px;display:grid;grid-template-columns:1fr 1fr;gap:16px 20px}
.fact{min-width:0}
.fact.wide{grid-column:1/-1}
.fact h3{font-size:11.5px;font-weight:700;letter-spacing:.05em;text-transform:uppercase;color:var(--mu);margin-bottom:5px}
.fact p{font-weight:600;overflow-wrap:anywhere}
.fact ul{list-style:none;display:flex;flex-direction:column;gap:3px}
.fact li{display:flex;justify-content:space-between;gap:10px;font-size:13.5px;overflow-wrap:anywhere}
.fact li span:last-child{color:var(--mu);white-space:nowrap}
.pages li{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12.5px}
.pages li:first-child{color:var(--a);font-weight:600}
.errors li{color:var(--d);font-size:13px}
.big{font-size:20px;font-weight:750}
.modal-foot{display:flex;align-items:center;gap:8px;padding:14px 22px;border-top:1px solid var(--bd);background:var(--bg2)}
.modal-foot .spacer{flex:1}
.pager{font-size:12.5px;color:var(--mu)}

.chat{width:400px;max-width:calc(100vw - 24px);height:min(560px,calc(100vh - 100px));display:flex;flex-direction:column;border-radius:16px;background:var(--bg);border:1px solid var(--bd);box-shadow:0 24px 60px rgba(17,24,39,.25);overflow:hidden;animation:rise .2s ease-out}
.chat.embedded{width:100%;max-width:none;height:100%;min-height:420px;border:0;border-radius:0;box-shadow:none;animation:none}
.chat-head{display:flex;gap:10px;align-items:center;padding:12px 10px 12px 14px;border-bottom:1px solid var(--bd)}
.avatar{width:38px;height:38px;border-radius:50%;display:grid;place-items:center;background:var(--as);color:var(--a);font-weight:700;flex:none}
.chat-title{flex:1;min-width:0}
.chat-title strong{display:flex;align-items:center;gap:8px;font-weight:700}
.chat-title>span{display:block;font-size:12.5px;color:var(--mu);overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.log{flex:1;overflow-y:auto;list-style:none;padding:16px 14px;display:flex;flex-direction:column;gap:10px;background:var(--bg2)}
.msg{max-width:80%;display:flex;flex-direction:column;align-items:flex-start}
.msg p{padding:9px 13px;border-radius:16px 16px 16px 4px;background:var(--bg);border:1px solid var(--bd);white-space:pre-wrap;overflow-wrap:anywhere}
.msg small{font-size:11.5px;color:var(--mu);margin:3px 6px 0}
.msg.admin{align-self:flex-end;align-items:flex-end}
.msg.admin p{background:var(--a);border-color:var(--a);color:#fff;border-radius:16px 16px 4px 16px}
.msg.pending p{opacity:.6}
.system{align-self:center;font-size:12px;color:var(--mu);background:var(--bg);border:1px solid var(--bd);padding:3px 10px;border-radius:11px}
.compose{display:flex;gap:8px;align-items:flex-end;padding:10px 10px 10px 12px;border-top:1px solid var(--bd)}
textarea,input[type=text],input[type=datetime-local],select{width:100%;border:1px solid #d1d5db;border-radius:9px;padding:8px 11px;background:var(--bg);line-height:1.4}
textarea{resize:none;min-height:40px;max-height:140px}
textarea:focus,input:focus,select:focus{outline:none;border-color:var(--a);box-shadow:0 0 0 3px rgba(79,70,229,.18)}
.compose .btn{height:40px}
.note{padding:8px 14px;font-size:12.5px;color:var(--mu);background:var(--bg2);border-top:1px solid var(--bd)}
.note.error{color:var(--d);background:var(--ds)}

.form{display:flex;flex-direction:column;gap:12px;padding:4px 4px 8px}
.form label{display:block;font-size:12.5px;font-weight:600;margin-bottom:4px}
.form .hint{font-size:12px;color:var(--mu);margin-top:3px}
.grid2{display:grid;grid-template-columns:1fr 1fr;gap:10px}
.grid3{display:grid;grid-template-columns:1.3fr 1fr .7fr;gap:10px}
.counter{text-align:right}
.when{display:flex;gap:14px;align-items:center;font-size:13px}
.when label{display:inline-flex;align-items:center;gap:6px;margin:0;font-weight:500}
.result{font-size:12.5px;padding:8px 10px;border-radius:8px;background:var(--oks);color:var(--ok)}
.result.error{background:var(--ds);color:var(--d)}
.section-title{font-size:11.5px;font-weight:700;letter-spacing:.05em;text-transform:uppercase;color:var(--mu);margin:14px 4px 6px}

.sale-layer{position:fixed;inset:0;z-index:2147483001;display:grid;place-items:center;padding:20px;background:rgba(15,18,25,.28);animation:fade .2s ease-out;pointer-events:none}
.sale-modal{pointer-events:auto;position:relative;width:420px;max-width:100%;max-height:calc(100vh - 40px);display:flex;flex-direction:column;border-radius:18px;background:var(--bg);box-shadow:0 30px 80px rgba(0,0,0,.3);overflow:hidden;animation:pop .25s cubic-bezier(.2,.9,.3,1.2)}
.sale-head{display:flex;gap:12px;align-items:center;padding:18px 14px 14px 20px;background:linear-gradient(135deg,#15803d,#16a34a 60%,#22c55e);color:#fff}
.sale-head div{flex:1;min-width:0}
.sale-head h2{font-size:19px;font-weight:750}
.sale-head .sale-total{font-size:15px;font-weight:600;opacity:.95}
.sale-head .row-icon{background:rgba(255,255,255,.2);color:#fff}
.sale-head .icon-btn{color:#fff}
.sale-head .icon-btn:hover{background:rgba(255,255,255,.16);color:#fff}
.sale-list{list-style:none;overflow-y:auto;padding:10px 20px 16px;display:flex;flex-direction:column;gap:8px}
.sale-line{display:flex;flex-direction:column;padding:8px 0;border-bottom:1px solid var(--bd)}
.sale-line:last-child{border-bottom:0}
.sale-line strong{font-size:16px;font-weight:700}
.sale-line span{font-size:12.5px;color:var(--mu);overflow-wrap:anywhere}
.sale-timer{height:4px;background:#22c55e;transform-origin:left;animation:drain 6s linear forwards}
.sale-modal:hover .sale-timer{animation-play-state:paused}
.waiting{width:400px;max-width:calc(100vw - 24px);border-radius:14px;background:var(--bg);border:1px solid var(--bd);border-top:4px solid var(--d);box-shadow:0 12px 32px rgba(17,24,39,.18);padding:8px 8px 6px;animation:rise .2s ease-out}
.sheet:not([hidden])~.waiting,.chat:not([hidden])~.waiting{display:none}
.waiting-head{display:flex;align-items:center;justify-content:space-between;padding:2px 2px 4px 8px}
.waiting-head strong{font-weight:700}
.waiting .row{padding:8px}
.waiting-more{width:100%}
.chip.outcome{height:auto;min-height:22px;white-space:normal;text-align:right}
.chip.outcome.rescued{background:var(--oks);color:var(--ok)}
.chip.outcome.recovered{background:var(--as);color:var(--a)}
.chip.outcome.lost{background:#f3f4f6;color:#6b7280}
.chip.outcome.helped{background:var(--ws);color:var(--w)}
.modal-head .chip.outcome{margin-top:8px;background:rgba(255,255,255,.92)}
@keyframes drain{to{transform:scaleX(0)}}
@keyframes rise{from{opacity:0;transform:translateY(10px)}}
@keyframes slide{from{opacity:0;transform:translateX(24px)}}
@keyframes fade{from{opacity:0}}
@keyframes pop{from{opacity:0;transform:scale(.94)}}
@keyframes ring{0%{box-shadow:0 0 0 0 rgba(255,255,255,.5)}80%,100%{box-shadow:0 0 0 14px rgba(255,255,255,0)}}
@media (max-width:520px){.dock{right:10px;bottom:10px;left:10px}.modal-body{grid-template-columns:1fr}.grid3,.grid2{grid-template-columns:1fr}.toasts{top:10px;right:10px}}
@media (prefers-reduced-motion:reduce){*{animation:none!important;transition:none!important}}
`;
