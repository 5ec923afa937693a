import { randomUUID } from 'node:crypto';
import * as nodemailer from 'nodemailer';
import { DataSource } from 'typeorm';
import { loadConfig } from '@banli/config';
import { Mailer, Outbox } from '@banli/mail';
import { now, pool, round, summarize, Summary } from './stats';

export interface MailResult {
  count: number;
  concurrency: number;
  seconds: number;
  perSecond: number;
  latencyMs: Summary;
}

const TEXT =
  '基准测试承办单位：\n\n现将代表建议《关于完善社区养老服务设施的建议》交由你单位办理，请于规定期限内办理答复。\n'.repeat(
    8,
  );
const HTML = `<p>${TEXT.replace(/\n/g, '<br>')}</p>`;

/**
 * Mail throughput to the local SMTP catcher: the outbox (`Outbox.enqueue` then `deliver`, the
 * path every case mail takes — a row written, claimed, sent and marked sent) beside raw
 * nodemailer sends of the same message over the same transport settings (no outbox).
 */
export async function mailThroughput(
  ds: DataSource,
  env: NodeJS.ProcessEnv,
  count: number,
  concurrency: number,
): Promise<{ outbox: MailResult; raw: MailResult }> {
  const smtp = loadConfig(env).smtp;
  const run = randomUUID().slice(0, 8);

  const raw = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    connectionTimeout: 10000,
    greetingTimeout: 10000,
    socketTimeout: 20000,
  });
  const measure = async (send: (i: number) => Promise<void>): Promise<MailResult> => {
    const lat: number[] = [];
    await send(-1); // warm-up: the first connection and the code paths
    const t0 = now();
    await pool(count, concurrency, async (i) => {
      const s = now();
      await send(i);
      lat.push(now() - s);
    });
    const seconds = (now() - t0) / 1000;
    return {
      count,
      concurrency,
      seconds: round(seconds, 2)!,
      perSecond: round(count / seconds, 1)!,
      latencyMs: summarize(lat),
    };
  };

  const rawResult = await measure(async (i) => {
    await raw.sendMail({
      from: smtp.from,
      to: `raw-${run}-${i}@bench.banli.test`,
      subject: `【交办通知】基准测试 ${i}`,
      text: TEXT,
      html: HTML,
    });
  });
  raw.close();

  const mailer = new Mailer(smtp);
  const outbox = new Outbox(ds, mailer);
  const outboxResult = await measure(async (i) => {
    const row = await outbox.enqueue({
      proposalId: null,
      kind: 'benchmark',
      recipient: `outbox-${run}-${i}@bench.banli.test`,
      subject: `【交办通知】基准测试 ${i}`,
      text: TEXT,
      html: HTML,
    });
    const r = await outbox.deliver(row.id);
    if (r.outcome !== 'sent') throw new Error(`outbox delivery: ${r.outcome}`);
  });
  mailer.close();
  return { outbox: outboxResult, raw: rawResult };
}
