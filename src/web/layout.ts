/** The page frame (Vietnamese, server-rendered), the small stylesheet and the one small script. */
import { PRIORITY_LABELS, type Priority } from '../domain.js';
import { ROLE_LABELS, roleAtLeast, type Role } from '../store/users.js';
import type { Actor } from './context.js';
import { html, type Html } from './html.js';

const NAV: { href: string; label: string; role: Role; hubOnly?: boolean }[] = [
  { href: '/', label: 'Trang chủ', role: 'viewer' },
  { href: '/phuong-xa', label: 'Phường/xã', role: 'viewer', hubOnly: true },
  { href: '/gui-ban-tin', label: 'Gửi xuống phường', role: 'operator', hubOnly: true },
  { href: '/ban-tin', label: 'Bản tin', role: 'viewer' },
  { href: '/lich-phat', label: 'Lịch phát', role: 'viewer' },
  { href: '/phat-khan-cap', label: 'Phát khẩn cấp', role: 'operator' },
  { href: '/phat-truc-tiep', label: 'Phát trực tiếp', role: 'operator' },
  { href: '/nhat-ky', label: 'Nhật ký phát', role: 'viewer' },
  { href: '/bao-cao', label: 'Báo cáo', role: 'viewer' },
  { href: '/nguoi-dung', label: 'Người dùng', role: 'admin' },
];

export interface PageOptions {
  readonly title: string;
  readonly actor: Actor | null;
  /** href of the active nav entry. */
  readonly active?: string;
  readonly flash?: { kind: 'ok' | 'error'; message: string } | null;
  readonly ward: string;
  /** A hub: its pages for the wards are in the menu. @default false */
  readonly hub?: boolean;
}

export function page(o: PageOptions, body: Html): string {
  const a = o.actor;
  const nav = a
    ? html`<nav aria-label="Chức năng">${NAV.filter((n) => roleAtLeast(a.role, n.role) && (!n.hubOnly || o.hub)).map((n) =>
      html`<a href="${n.href}"${n.href === o.active ? html` aria-current="page"` : ''}>${n.label}</a>`)}</nav>
      <div class="who">${a.username} · ${ROLE_LABELS[a.role]} · <a href="/tai-khoan">Đổi mật khẩu</a> ·
        <form method="post" action="/api/logout" class="inline">${csrfField(a)}<button class="link">Đăng xuất</button></form></div>`
    : '';
  return html`<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${o.title} · Loa phường</title>
${a?.session ? html`<meta name="csrf-token" content="${a.session.csrf}">` : ''}
<link rel="stylesheet" href="/static/app.css"><script src="/static/app.js" defer></script></head>
<body><header><div class="brand"><span class="logo" aria-hidden="true"></span>Đài truyền thanh <strong>${o.ward}</strong></div>${nav}</header>
<main><h1>${o.title}</h1>
${o.flash ? html`<p class="flash ${o.flash.kind}" role="${o.flash.kind === 'error' ? 'alert' : 'status'}">${o.flash.message}</p>` : ''}
${body}</main>
<footer>loaphuong · phần mềm mã nguồn mở cho đài truyền thanh cơ sở</footer></body></html>`.value;
}

export function csrfField(a: Actor | null): Html {
  return a?.session ? html`<input type="hidden" name="_csrf" value="${a.session.csrf}">` : html``;
}

export function priorityBadge(p: Priority): Html {
  return html`<span class="badge p-${p}">${PRIORITY_LABELS[p]}</span>`;
}

export const CSS = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 "Noto Sans","DejaVu Sans",system-ui,sans-serif;color:#1d232a;background:#f4f5f7}
header{background:#a31515;color:#fff;display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1.5rem;padding:.6rem 1.2rem}
header .brand{font-size:1.1rem;display:flex;align-items:center;gap:.5rem}
header .logo{width:1.1rem;height:1.1rem;background:#f6c343;clip-path:polygon(0 30%,40% 30%,100% 0,100% 100%,40% 70%,0 70%)}
.dot{display:inline-block;width:.7rem;height:.7rem;border-radius:50%;background:#dc2626;margin-right:.3rem;animation:blink 1.2s infinite}
@keyframes blink{50%{opacity:.3}}
header nav{display:flex;flex-wrap:wrap;gap:.2rem}
header nav a{color:#fff;text-decoration:none;padding:.3rem .65rem;border-radius:4px}
header nav a:hover,header nav a[aria-current]{background:#7d0f0f;outline:1px solid #f6c343}
header .who{margin-left:auto;font-size:.9rem}
header .who a{color:#fff}
main{max-width:1200px;margin:0 auto;padding:1rem 1.2rem 3rem}
h1{font-size:1.5rem;margin:.4rem 0 1rem}
h2{font-size:1.15rem;margin:1.2rem 0 .5rem}
footer{text-align:center;color:#6b7280;font-size:.8rem;padding:1rem}
.card{background:#fff;border:1px solid #dde1e6;border-radius:6px;padding:1rem;margin-bottom:1rem}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(280px,1fr));gap:1rem}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{border:1px solid #dde1e6;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#eef0f3}
.badge{display:inline-block;padding:0 .5rem;border-radius:10px;font-size:.85rem;background:#e5e7eb}
.p-thuong{background:#dbeafe;color:#1e3a8a}.p-uu-tien{background:#fef3c7;color:#7c4a03}.p-khan-cap{background:#fee2e2;color:#991b1b;font-weight:bold}
.st-up,.st-on,.st-aired,.st-approved{color:#166534}.st-down,.st-error,.st-failed,.st-missed{color:#991b1b}.st-connecting,.st-partial,.st-interrupted,.st-draft{color:#92400e}
.flash{padding:.6rem .8rem;border-radius:4px}.flash.ok{background:#dcfce7}.flash.error{background:#fee2e2}
.warn{background:#fff7ed;border-left:4px solid #f59e0b;padding:.4rem .6rem;margin:.3rem 0}
form.inline{display:inline}
label{display:block;margin:.5rem 0 .2rem;font-weight:600}
input,select,textarea,button{font:inherit}
input[type=text],input[type=password],input[type=date],input[type=month],input[type=time],input[type=number],input[type=datetime-local],select,textarea{padding:.35rem;border:1px solid #9ca3af;border-radius:4px;max-width:100%}
textarea{width:100%;min-height:12rem}
button,.button{background:#a31515;color:#fff;border:0;border-radius:4px;padding:.45rem 1rem;cursor:pointer;text-decoration:none;display:inline-block}
button.secondary,.button.secondary{background:#4b5563}
button.link{background:none;color:inherit;text-decoration:underline;padding:0}
button.danger{background:#b91c1c;font-weight:bold}
button.small{padding:.1rem .6rem;font-size:.85rem;margin-left:.4rem}
.narrow{max-width:28rem}
/* No style attributes anywhere: the CSP (style-src 'self') ignores them. */
textarea.code{min-height:24rem;font-family:"DejaVu Sans Mono",monospace}
input.wide{width:100%}
label.check{font-weight:normal}
pre.wrap{white-space:pre-wrap;font:inherit}
.right{text-align:right}
.scroll{overflow-x:auto}
.nowrap{white-space:nowrap}
.side{display:grid;grid-template-columns:1fr 1fr;gap:1rem}
.side{margin-bottom:1rem}
.pairs{display:grid;grid-template-columns:1fr 1fr;gap:0 1rem;margin-bottom:1rem}
.pairs h2{margin-top:0}
.pairs p{margin:0;padding:.5rem .6rem;background:#fff;border:1px solid #dde1e6;border-top:0;white-space:pre-wrap}
.pairs h2+h2+p,.pairs h2+h2+p+p{border-top:1px solid #dde1e6}
.pairs p.spoken{background:#fbfaf5}
.side pre{white-space:pre-wrap;background:#fff;border:1px solid #dde1e6;padding:.6rem;margin:0;max-height:30rem;overflow:auto;font:inherit}
.week{display:grid;grid-template-columns:repeat(7,1fr);gap:.4rem}
.day{background:#fff;border:1px solid #dde1e6;border-radius:4px;min-height:8rem;padding:.3rem}
.day h3{font-size:.9rem;margin:0 0 .3rem;text-align:center}
.day.today{outline:2px solid #a31515}
.day.over-airtime{background:#fdf0f0;border-color:#c0392b}
.slot{font-size:.85rem;border-radius:3px;padding:.15rem .3rem;margin-bottom:.25rem}
.slot.past{opacity:.55}
.slot.p-thuong{background:#dbeafe}.slot.p-uu-tien{background:#fef3c7}.slot.p-khan-cap{background:#fee2e2}
.muted{color:#6b7280}
.filters{display:flex;flex-wrap:wrap;gap:.6rem;align-items:flex-end}
.filters label{margin:0}
.onair{font-size:1.2rem}
button.big{font-size:1.5rem;padding:.9rem 2.2rem}
meter{width:20rem;height:1.4rem}
body.live-on #live-status{color:#b91c1c;font-weight:bold}
@media (max-width:800px){.side,.pairs{grid-template-columns:1fr}.week{grid-template-columns:repeat(auto-fill,minmax(11rem,1fr))}
  .pairs h2+h2{display:none}.pairs p.spoken{border-top:0;margin-bottom:.6rem;border-left:4px solid #f6c343}
  .pairs p.spoken::before{content:"Đọc: ";font-weight:600;color:#6b7280}}
`;

/**
 * Progressive enhancement only: ticks "elapsed" counters, refreshes the home page's live panel and
 * adds the CSRF header to fetch calls. Every page works without it.
 */
export const JS = `
(function(){
  function tick(){
    // Counted on the server's clock: the office PC's clock may be off.
    document.querySelectorAll('[data-since]').forEach(function(el){
      if(el.skew===undefined)el.skew=Date.parse(el.getAttribute('data-now'))-Date.now();
      var s=Math.max(0,Math.round((Date.now()+el.skew-Date.parse(el.getAttribute('data-since')))/1000));
      var h=Math.floor(s/3600),m=Math.floor(s%3600/60),r=s%60,two=function(n){return (n<10?'0':'')+n};
      el.textContent=(h?h+':'+two(m):m)+':'+two(r);
    });
  }
  setInterval(tick,1000);tick();
  var live=document.getElementById('live');
  if(live){setInterval(function(){
    fetch('/_/truc-tiep',{credentials:'same-origin'}).then(function(r){return r.ok?r.text():null}).then(function(t){if(t!==null){live.innerHTML=t;tick();}}).catch(function(){});
  },10000);}
  document.querySelectorAll('form[data-confirm]').forEach(function(f){
    f.addEventListener('submit',function(e){if(!confirm(f.getAttribute('data-confirm')))e.preventDefault();});
  });
})();
`;
