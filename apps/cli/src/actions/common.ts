import type { INestApplicationContext, Type } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { validate } from 'class-validator';
import type { DataSource } from 'typeorm';
import { CommandContext, UsageError } from '../cli';
import { cliApp } from '../nest';

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Runs `fn` with the API's services for `features`, closing them afterwards (also on Ctrl-C). */
export async function withApp<T>(
  ctx: CommandContext,
  features: Type[],
  fn: (app: INestApplicationContext, ds: DataSource) => Promise<T>,
): Promise<T> {
  const app = await cliApp(ctx.cfg, features);
  const interrupted = () => {
    ctx.io.err('\n中断，正在收尾… (interrupted; closing…)');
    void app.close().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    return await fn(app, app.get<DataSource>(getDataSourceToken()));
  } finally {
    process.removeListener('SIGINT', interrupted);
    process.removeListener('SIGTERM', interrupted);
    await app.close();
  }
}

const FIELD_MESSAGES: Record<string, string> = {
  username: '--username：用户名须为 3-64 位字母、数字或 . _ @ -',
  password: '密码须为 8-200 个字符',
  displayName: '--display-name：姓名不能为空，至多 100 个字符',
  email: '--email：邮箱地址无效',
  reason: '--reason：原因不能为空，至多 2000 个字符',
  policyVersion: '--policy-version：政策版本须为正整数',
};

/** Checks a DTO with the API's own rules; a violation is a usage error naming the option. */
export async function check(dto: object, only?: string[]) {
  const errors = (await validate(dto)).filter((e) => !only || only.includes(e.property));
  if (!errors.length) return;
  throw new UsageError(
    errors
      .map(
        (e) =>
          `${FIELD_MESSAGES[e.property] ?? e.property} (${Object.values(e.constraints ?? {}).join('; ')})`,
      )
      .join('\n'),
  );
}
