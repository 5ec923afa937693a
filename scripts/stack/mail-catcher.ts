import * as http from 'node:http';
import { SMTPServer } from 'smtp-server';
// mailparser 3.9 ships no types
const { simpleParser } = require('mailparser') as {
  simpleParser: (s: NodeJS.ReadableStream) => Promise<any>;
};

export interface CaughtMail {
  id: number;
  receivedAt: string;
  envelope: { from: string; to: string[] };
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

/**
 * A real SMTP server that keeps every message it accepts, plus a small web inbox.
 * Used by the local stack (`npm start`) and by tests that read mail back.
 * `rejectRecipients` answers 550 for matching addresses; `tempFail` answers 451 to every message.
 */
export class MailCatcher {
  readonly messages: CaughtMail[] = [];
  rejectRecipients: RegExp | null = null;
  tempFail = false;
  /** SMTP connections opened to this catcher since it started (sessions, with or without mail). */
  connections = 0;
  private smtp?: SMTPServer;
  private web?: http.Server;
  private seq = 0;

  async start(smtpPort: number, webPort?: number): Promise<void> {
    this.smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onConnect: (_session, cb) => {
        this.connections++;
        cb();
      },
      onRcptTo: (addr, _s, cb) => {
        if (this.rejectRecipients?.test(addr.address)) {
          const e: Error & { responseCode?: number } = new Error(
            `5.1.1 <${addr.address}>: mailbox unavailable`,
          );
          e.responseCode = 550;
          return cb(e);
        }
        cb();
      },
      onData: (stream, session, cb) => {
        simpleParser(stream)
          .then((m) => {
            if (this.tempFail) {
              const e: Error & { responseCode?: number } = new Error('4.3.0 try again later');
              e.responseCode = 451;
              return cb(e);
            }
            const addrs = (v: any) =>
              v ? [].concat(v).flatMap((x: any) => x.value.map((a: any) => a.address)) : [];
            const headers: Record<string, string> = {};
            for (const [k, v] of m.headers) headers[k] = typeof v === 'string' ? v : JSON.stringify(v);
            this.messages.push({
              id: ++this.seq,
              receivedAt: new Date().toISOString(),
              envelope: {
                from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
                to: session.envelope.rcptTo.map((r) => r.address),
              },
              from: m.from?.text ?? '',
              to: addrs(m.to),
              subject: m.subject ?? '',
              text: m.text ?? '',
              html: typeof m.html === 'string' ? m.html : '',
              headers,
            });
            cb();
          })
          .catch(cb);
      },
    });
    await new Promise<void>((res, rej) => {
      this.smtp!.once('error', rej);
      this.smtp!.listen(smtpPort, '127.0.0.1', () => res());
    });
    if (webPort) {
      this.web = http.createServer((req, res) => this.serve(req, res));
      await new Promise<void>((res) => this.web!.listen(webPort, '127.0.0.1', () => res()));
    }
  }

  /** Waits until `pred` matches `count` messages; rejects after `timeoutMs`. */
  async waitFor(pred: (m: CaughtMail) => boolean, count = 1, timeoutMs = 20000): Promise<CaughtMail[]> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.filter(pred);
      if (found.length >= count) return found;
      if (Date.now() > until) throw new Error(`expected ${count} matching mail(s), got ${found.length}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async stop(): Promise<void> {
    await new Promise<void>((res) => (this.smtp ? this.smtp.close(() => res()) : res()));
    await new Promise<void>((res) => (this.web ? this.web.close(() => res()) : res()));
  }

  private serve(req: http.IncomingMessage, res: http.ServerResponse) {
    if (req.url?.startsWith('/api/messages')) {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      return res.end(JSON.stringify([...this.messages].reverse()));
    }
    const m = /^\/messages\/(\d+)/.exec(req.url ?? '');
    if (m) {
      const msg = this.messages.find((x) => x.id === Number(m[1]));
      res.writeHead(msg ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(msg ? msg.html || `<pre>${esc(msg.text)}</pre>` : '未找到该邮件');
    }
    const rows = [...this.messages]
      .reverse()
      .map(
        (x) =>
          `<tr><td>${esc(x.receivedAt)}</td><td>${esc(x.to.join(', '))}</td><td><a href="/messages/${x.id}">${esc(x.subject)}</a></td></tr>`,
      )
      .join('');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(
      `<!doctype html><meta charset="utf-8"><title>办理 · 本地邮箱</title><meta http-equiv="refresh" content="10">` +
        `<h1>本地邮箱 (local inbox)</h1><p>共 ${this.messages.length} 封。所有外发邮件都在这里，不会真正投递。</p>` +
        `<table border="1" cellpadding="4"><tr><th>收到时间</th><th>收件人</th><th>主题</th></tr>${rows}</table>`,
    );
  }
}

function esc(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

// Run standalone: `ts-node scripts/stack/mail-catcher.ts <smtpPort> <webPort>`
if (require.main === module) {
  const [smtpPort, webPort] = process.argv.slice(2).map(Number);
  const c = new MailCatcher();
  c.start(smtpPort || 1025, webPort || 1080).then(
    () =>
      console.log(
        `mail catcher: smtp 127.0.0.1:${smtpPort || 1025}, inbox http://127.0.0.1:${webPort || 1080}`,
      ),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
  const bye = () => c.stop().then(() => process.exit(0));
  process.on('SIGTERM', bye);
  process.on('SIGINT', bye);
}
