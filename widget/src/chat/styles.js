// The chat's and banners' styles, inside the shadow root: nothing leaks in or out. A
// store may set --st-accent on the sitetracker-chat element to use its own colour.

export const CSS = `
:host{all:initial}
*{box-sizing:border-box;margin:0;font:inherit;color:inherit}
.st{--a:var(--st-accent,#4f46e5);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1e24;-webkit-font-smoothing:antialiased}
button{cursor:pointer;border:0;background:none}
button:focus-visible,textarea:focus-visible{outline:3px solid color-mix(in srgb,var(--a) 45%,transparent);outline-offset:2px}
svg{width:22px;height:22px;fill:currentColor}
.vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
.banners{position:fixed;top:14px;left:50%;transform:translateX(-50%);width:min(680px,calc(100vw - 24px));z-index:2147483600;display:flex;flex-direction:column;gap:8px}
.banner{display:flex;align-items:center;gap:12px;padding:10px 8px 10px 12px;border-radius:14px;background:#312e81;background:linear-gradient(100deg,color-mix(in srgb,var(--a) 75%,#000),var(--a));color:#fff;box-shadow:0 10px 30px rgba(17,24,39,.28);animation:down .35s ease-out}
.banner>svg{flex:none;width:34px;height:34px;padding:7px;border-radius:50%;background:rgba(255,255,255,.18)}
.banner p{flex:1;font-weight:600;white-space:pre-wrap;overflow-wrap:anywhere}
.banner button{flex:none;width:34px;height:34px;border-radius:50%;color:#fff;font-size:24px;line-height:1}
.banner button:hover{background:rgba(255,255,255,.16)}
.chat{position:fixed;right:20px;bottom:20px;z-index:2147483601;display:flex;flex-direction:column;align-items:flex-end;gap:12px;pointer-events:none}
.chat>*{pointer-events:auto}
.launcher{position:relative;width:58px;height:58px;border-radius:50%;background:var(--a);color:#fff;display:grid;place-items:center;box-shadow:0 6px 20px rgba(17,24,39,.28);transition:transform .15s}
.launcher:hover{transform:scale(1.06)}
.launcher svg{width:28px;height:28px}
.badge{position:absolute;top:-3px;right:-3px;min-width:22px;height:22px;padding:0 6px;border-radius:11px;background:#e11d48;color:#fff;font:700 12px/22px system-ui,sans-serif;border:2px solid #fff}
.preview{max-width:280px;padding:12px 14px;border-radius:14px 14px 4px 14px;background:#fff;box-shadow:0 8px 28px rgba(17,24,39,.2);text-align:left;animation:up .25s ease-out}
.preview b{display:block;font-size:12px;color:#5d6673;font-weight:600}
.preview span{display:-webkit-box;-webkit-line-clamp:3;-webkit-box-orient:vertical;overflow:hidden;overflow-wrap:anywhere;white-space:pre-wrap}
.panel{width:360px;max-width:calc(100vw - 24px);display:flex;flex-direction:column;border-radius:18px;background:#fff;box-shadow:0 16px 48px rgba(17,24,39,.28);overflow:hidden;animation:up .25s ease-out}
.head{display:flex;align-items:center;gap:12px;padding:16px 14px 16px 18px;background:var(--a);color:#fff}
.avatar{width:38px;height:38px;border-radius:50%;background:rgba(255,255,255,.2);display:grid;place-items:center;flex:none}
.head div{flex:1;min-width:0}
.head strong{display:block;font-size:16px;font-weight:700}
.head small{display:block;font-size:12.5px;opacity:.85}
.close{width:34px;height:34px;border-radius:50%;color:#fff;font-size:24px;line-height:1}
.close:hover{background:rgba(255,255,255,.16)}
.log{list-style:none;padding:16px;margin:0;height:340px;max-height:calc(100vh - 240px);overflow-y:auto;display:flex;flex-direction:column;gap:10px;background:#f7f8fa}
.msg{max-width:82%;display:flex;flex-direction:column;align-items:flex-start}
.msg p{padding:9px 13px;border-radius:16px 16px 16px 4px;background:#fff;border:1px solid #e6e8ec;white-space:pre-wrap;overflow-wrap:anywhere}
.msg small{font-size:11.5px;color:#6b7380;margin:3px 6px 0}
.mine{align-self:flex-end;align-items:flex-end}
.mine p{background:var(--a);border-color:transparent;color:#fff;border-radius:16px 16px 4px 16px}
.reply{display:flex;align-items:flex-end;gap:8px;padding:10px 10px 10px 14px;border-top:1px solid #eceef2;background:#fff}
textarea{flex:1;resize:none;border:1px solid #d9dde3;border-radius:12px;padding:9px 12px;max-height:120px;min-height:40px;background:#fff;font:inherit;line-height:1.4}
textarea:focus{border-color:var(--a)}
.send{width:40px;height:40px;border-radius:50%;background:var(--a);color:#fff;display:grid;place-items:center;flex:none}
.send:disabled{opacity:.45;cursor:default}
.send svg{width:20px;height:20px}
.err{padding:0 16px 10px;color:#c62f2f;font-size:12.5px;background:#fff}
.err:empty{display:none}
[hidden]{display:none!important}
@keyframes up{from{opacity:0;transform:translateY(12px)}}
@keyframes down{from{opacity:0;transform:translateY(-16px)}}
@media (max-width:480px){.chat{right:12px;bottom:12px;left:12px}.panel{width:100%;max-width:none}.log{height:auto;min-height:200px;max-height:55vh}.banners{top:8px}textarea{font-size:16px}}
@media (prefers-reduced-motion:reduce){*{animation:none!important;transition:none!important}}
`;
