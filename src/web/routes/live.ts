/**
 * Phát trực tiếp: the officer's microphone on air. The page captures the microphone in the browser
 * (getUserMedia → an AudioWorklet → 16-bit PCM) and sends it over a WebSocket to the station,
 * which levels, encodes and airs it (src/station/live.ts). WebSocket rather than WebRTC: one
 * same-origin connection through the login, CSRF and proxy the web already has, no ICE/STUN/TURN
 * on a ward's network, and PCM needs no codec negotiation (about 96 KB/s at 48 kHz, nothing on a
 * LAN); the price is TCP's head-of-line delay on a bad link, which the station's short queue
 * absorbs or airs as counted silence.
 *
 * Who may: operators and above; below khẩn cấp only approvers (live speech cannot be approved
 * beforehand: the same rule as air-now), khẩn cấp one confirmation away. The socket is taken
 * only from this site's own pages (Origin) with the session's CSRF token.
 *
 * Protocol: the browser sends `{type:"start", priority, channels, title, sampleRate}`, then binary
 * PCM (mono s16le), then `{type:"stop"}`; the station answers `{type:"ready"}`, `{type:"state",
 * state, onAirSince}` as it changes, `{type:"ended", why}` or `{type:"error", code, message}`.
 */
import type { FastifyInstance } from 'fastify';
import type { RawData, WebSocket } from 'ws';
import { z } from 'zod';
import { PRIORITIES, PRIORITY_LABELS } from '../../domain.js';
import { LpError, toLpError } from '../../errors.js';
import type { LiveSession, LiveState } from '../../station/api.js';
import { roleAtLeast } from '../../store/users.js';
import { safeEqual } from '../auth.js';
import { actorOf, sendPage, type WebContext } from '../context.js';
import { html } from '../html.js';

const startSchema = z.object({
  type: z.literal('start'),
  priority: z.enum(PRIORITIES),
  channels: z.array(z.string().min(1)).max(100).optional(),
  title: z.string().trim().max(200).optional(),
  sampleRate: z.number().int().min(8000).max(192_000),
});

const STATE_WORDS: Record<LiveState, string> = {
  starting: 'Đang nhận tiếng từ micrô…',
  waiting: 'Đang bật máy phát / chờ kênh rảnh…',
  'on-air': 'ĐANG PHÁT TRỰC TIẾP',
  ended: 'Đã kết thúc',
};

/** The page's script: microphone → worklet → PCM over the socket; level meter; start and stop. */
export const LIVE_JS = `
(function(){
  var startBtn=document.getElementById('live-start'),stopBtn=document.getElementById('live-stop');
  var meter=document.getElementById('live-level'),status=document.getElementById('live-status');
  var words=JSON.parse(status.getAttribute('data-words'));
  var ws=null,ctx=null,stream=null,sending=false,pending=[],pendingLen=0;
  function say(t){status.textContent=t;}
  function cleanup(){
    sending=false;startBtn.disabled=false;stopBtn.disabled=true;meter.value=0;
    if(stream)stream.getTracks().forEach(function(t){t.stop();});
    if(ctx)ctx.close();stream=null;ctx=null;
  }
  function flush(){
    if(!sending||!ws||ws.readyState!==1||!pendingLen)return;
    var out=new Int16Array(pendingLen),o=0;
    pending.forEach(function(c){for(var i=0;i<c.length;i++){var v=Math.max(-1,Math.min(1,c[i]));out[o++]=v<0?v*32768:v*32767;}});
    pending=[];pendingLen=0;ws.send(out.buffer);
  }
  startBtn.addEventListener('click',function(){
    var priority=document.getElementById('live-priority').value;
    if(priority==='khan-cap'&&!confirm('Phát trực tiếp KHẨN CẤP: ngắt bản tin đang phát trên các kênh đã chọn. Tiếp tục?'))return;
    var channels=[].slice.call(document.querySelectorAll('input[name=live-channel]:checked')).map(function(c){return c.value;});
    startBtn.disabled=true;say('Đang mở micrô…');
    navigator.mediaDevices.getUserMedia({audio:{echoCancellation:false,noiseSuppression:false,autoGainControl:true,channelCount:1}}).then(function(s){
      stream=s;ctx=new AudioContext();
      return ctx.audioWorklet.addModule('/static/live-worklet.js');
    }).then(function(){
      var src=ctx.createMediaStreamSource(stream),tap=new AudioWorkletNode(ctx,'pcm-tap');
      tap.port.onmessage=function(e){
        var c=e.data,sum=0;for(var i=0;i<c.length;i++)sum+=c[i]*c[i];
        meter.value=Math.min(1,Math.sqrt(sum/c.length)*4);
        if(sending){pending.push(c);pendingLen+=c.length;if(pendingLen>=2048)flush();}
      };
      src.connect(tap);
      var csrf=document.querySelector('meta[name=csrf-token]').content;
      ws=new WebSocket((location.protocol==='https:'?'wss://':'ws://')+location.host+'/api/live?csrf='+encodeURIComponent(csrf));
      ws.onopen=function(){ws.send(JSON.stringify({type:'start',priority:priority,channels:channels,title:document.getElementById('live-title').value,sampleRate:ctx.sampleRate}));};
      ws.onmessage=function(e){
        var m=JSON.parse(e.data);
        if(m.type==='ready'){sending=true;stopBtn.disabled=false;say(words.starting);}
        else if(m.type==='state'){say(words[m.state]);document.body.classList.toggle('live-on',m.state==='on-air');}
        else if(m.type==='ended'){say(words.ended+(m.why?' ('+m.why+')':''));document.body.classList.remove('live-on');cleanup();}
        else if(m.type==='error'){say(m.code+' : '+m.message);cleanup();}
      };
      ws.onclose=function(){if(sending){say(words.ended+' (mất kết nối)');cleanup();}};
    }).catch(function(err){say('Không mở được micrô: '+err.message);cleanup();});
  });
  stopBtn.addEventListener('click',function(){
    flush();stopBtn.disabled=true;say('Đang dừng…');
    if(ws&&ws.readyState===1)ws.send(JSON.stringify({type:'stop'}));
    sending=false;
  });
})();
`;

/** The audio thread's part: hands each block of the microphone's first channel to the page. */
export const LIVE_WORKLET_JS = `
class PcmTap extends AudioWorkletProcessor {
  process(inputs){var c=inputs[0]&&inputs[0][0];if(c&&c.length)this.port.postMessage(new Float32Array(c));return true;}
}
registerProcessor('pcm-tap',PcmTap);
`;

export function registerLiveRoutes(app: FastifyInstance, ctx: WebContext): void {
  const channels = ctx.config.channels;

  app.get('/static/live.js', { config: { access: 'public' } }, async (_req, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'no-cache').send(LIVE_JS));
  app.get('/static/live-worklet.js', { config: { access: 'public' } }, async (_req, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'no-cache').send(LIVE_WORKLET_JS));

  app.get('/phat-truc-tiep', { config: { access: 'operator' } }, async (req, reply) => {
    const a = actorOf(req);
    const approver = roleAtLeast(a.role, 'approver');
    const allowed = approver ? [...PRIORITIES].reverse() : (['khan-cap'] as const);
    const body = html`<div class="card" id="live-panel">
      <p class="muted">${approver
        ? 'Tiếng nói từ micrô của máy này được phát ngay lên các kênh đã chọn. Khẩn cấp ngắt bản tin đang phát; mức thấp hơn chờ kênh rảnh.'
        : 'Tài khoản vận hành chỉ phát trực tiếp ở mức khẩn cấp (ngắt bản tin đang phát). Phát trực tiếp ở mức thường hoặc ưu tiên cần người có quyền duyệt tin.'}</p>
      <label for="live-title">Tiêu đề (ghi vào nhật ký phát)</label><input type="text" id="live-title" maxlength="200" class="wide" placeholder="Phát trực tiếp: ${a.username}">
      <label for="live-priority">Mức ưu tiên</label><select id="live-priority">${allowed.map((p) => html`<option value="${p}">${PRIORITY_LABELS[p]}</option>`)}</select>
      <label>Kênh phát (không chọn = tất cả)</label>
      ${channels.map((c) => html`<label class="check"><input type="checkbox" name="live-channel" value="${c.id}"> ${c.name}</label>`)}
      <p><button type="button" id="live-start" class="big">Bắt đầu phát trực tiếp</button></p>
      <p><label for="live-level">Mức âm micrô</label><meter id="live-level" min="0" max="1" low="0.05" high="0.9" optimum="0.5" value="0"></meter></p>
      <p id="live-status" role="status" class="onair" data-words="${JSON.stringify(STATE_WORDS)}">Chưa phát</p>
      <p><button type="button" id="live-stop" class="danger big" disabled>DỪNG PHÁT</button></p>
      <noscript><p class="warn">Trang này cần JavaScript và quyền dùng micrô.</p></noscript></div>
      <script src="/static/live.js" defer></script>`;
    return sendPage(ctx, req, reply, { title: 'Phát trực tiếp', active: '/phat-truc-tiep' }, body);
  });

  app.get('/api/live', { websocket: true, config: { access: 'operator' } }, (socket: WebSocket, req) => {
    const a = actorOf(req);
    let session: LiveSession | null = null;
    let stopped = false;
    let last: LiveState | null = null;
    let poll: NodeJS.Timeout | null = null;
    const send = (m: object): void => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(m));
    };
    const fail = (e: unknown): void => {
      const lp = toLpError(e);
      send({ type: 'error', ...lp.toJSON() });
      socket.close(4000, lp.code);
    };

    // Only this site's own page, with the session's token: another site cannot open it with the officer's cookie.
    const origin = req.headers.origin;
    const token = String((req.query as { csrf?: unknown }).csrf ?? '');
    let sameOrigin = false;
    try {
      sameOrigin = !!origin && new URL(origin).host === req.headers.host;
    } catch {
      // not a URL: refused below
    }
    if (!a.session || !sameOrigin || !safeEqual(token, a.session.csrf)) return fail(new LpError('LP_ERR_CSRF'));
    const goLive = ctx.station.goLive?.bind(ctx.station);
    if (!goLive) return fail(new LpError('LP_ERR_ITEM_KIND_UNSUPPORTED', 'phát trực tiếp'));

    const begin = (raw: unknown): void => {
      const r = startSchema.safeParse(raw);
      if (!r.success) return fail(new LpError('LP_ERR_BAD_REQUEST', r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')));
      const m = r.data;
      if (m.priority !== 'khan-cap' && !roleAtLeast(a.role, 'approver')) {
        return fail(new LpError('LP_ERR_AIR_NOW_NOT_APPROVED', `phát trực tiếp mức ${PRIORITY_LABELS[m.priority]}, vai trò của bạn: vận hành`));
      }
      for (const c of m.channels ?? []) if (!channels.some((x) => x.id === c)) return fail(new LpError('LP_ERR_CHANNEL_UNKNOWN', c));
      try {
        session = goLive({ priority: m.priority, channels: m.channels, title: m.title || undefined, sampleRate: m.sampleRate, requestedBy: a.username });
      } catch (e) {
        return fail(e);
      }
      const s = session;
      void ctx.audit.record({ at: ctx.now(), actor: a.username, action: 'live.start', subject: m.title || a.username, detail: { priority: m.priority, channels: m.channels ?? 'all' } });
      send({ type: 'ready' });
      poll = setInterval(() => {
        const st = s.state();
        if (st !== last && st !== 'ended') send({ type: 'state', state: st, onAirSince: s.onAirSince() });
        last = st;
      }, 250);
      s.onEnded((why) => {
        if (poll) clearInterval(poll);
        void ctx.audit.record({ at: ctx.now(), actor: a.username, action: 'live.end', subject: m.title || a.username, detail: { keys: s.keys(), why } });
        send({ type: 'ended', why });
        socket.close(1000);
      });
    };

    socket.on('message', (data: RawData, isBinary: boolean) => {
      if (isBinary) {
        session?.write(Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer));
        return;
      }
      let msg: { type?: unknown };
      try {
        msg = JSON.parse(String(data)) as { type?: unknown };
      } catch {
        return fail(new LpError('LP_ERR_BAD_REQUEST', 'tin nhắn không phải JSON'));
      }
      if (msg.type === 'start' && !session) begin(msg);
      else if (msg.type === 'stop') {
        stopped = true;
        session?.stop();
      }
    });
    socket.on('close', () => {
      // A dropped connection: the station ends the airing after a few seconds of silence.
      if (session && !stopped) session.drop('mất kết nối với trình duyệt');
    });
  });
}
