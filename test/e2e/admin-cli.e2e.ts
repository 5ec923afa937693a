import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { Outbox } from '@banli/mail';
import { AuditEventEntity, OutboxEntity, ProposalEntity } from '@banli/persistence';
import { ROOT } from '../support/env';
import { startStack, Stack } from './harness';

const CLI = path.join(ROOT, 'apps/cli/src/main.ts');

interface Run {
  code: number | null;
  out: string;
  err: string;
}

/**
 * The operator's CLI (apps/cli) as an operator runs it: its own process (from source, as
 * `npm run admin --` does), against the e2e database and Temporal, with a worker of this suite's
 * task queue running in the test process.
 */
describe('admin CLI', () => {
  let stack: Stack;
  const tag = randomUUID().slice(0, 8);

  const cli = (args: string[], opts: { env?: NodeJS.ProcessEnv; input?: string } = {}) =>
    new Promise<Run>((resolve) => {
      const child = spawn(process.execPath, ['-r', path.join(ROOT, 'scripts/register.js'), CLI, ...args], {
        cwd: ROOT,
        env: {
          ...process.env,
          TEMPORAL_TASK_QUEUE: stack.cfg.temporal.taskQueue,
          USER: 'e2e-operator',
          ...opts.env,
        },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (err += d));
      child.stdin.end(opts.input ?? '');
      child.on('close', (code) => resolve({ code, out, err }));
    });

  beforeAll(async () => {
    stack = await startStack(`e2e-admin-cli-${randomUUID()}`);
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('prints its help in Chinese and English', async () => {
    const [all, one, mail] = await Promise.all([
      cli(['--help']),
      cli(['help', 'admin', 'reset']),
      cli(['mail', 'resend-failed', '--help']),
    ]);
    expect(all.code).toBe(0);
    for (const text of [
      '用法 Usage',
      '创建管理员账号',
      'Create an administrator',
      'case show',
      '退出码 Exit codes',
    ])
      expect(all.out).toContain(text);
    expect(one.code).toBe(0);
    expect(one.out).toContain('重设管理员的密码');
    expect(one.out).toContain('Reset an administrator');
    expect(one.out).toContain('--password-stdin');
    expect(mail.out).toMatch(/--since[\s\S]*only mail that failed/);
  });

  it('exits 2 with a clear message on a bad command or option', async () => {
    const [bad, missing, unknown, since, short] = await Promise.all([
      cli(['frobnicate']),
      cli(['admin', 'create']),
      cli(['case', 'show', 'x', '--colour']),
      cli(['mail', 'resend-failed', '--since', 'yesterday']),
      cli(['admin', 'create', '--username', `cli-${tag}`, '--password-stdin'], { input: 'short\n' }),
    ]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('未知命令 “frobnicate” (unknown command "frobnicate")');
    expect(bad.err).toContain('--help');
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('missing required option --username');
    expect(missing.err).toContain('help admin create');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('unknown option --colour');
    expect(since.code).toBe(2);
    expect(since.err).toContain('--since');
    expect(short.code).toBe(2);
    expect(short.err).toContain('密码须为 8-200 个字符');
  });

  it('creates an administrator who can sign in; the password is never echoed', async () => {
    const username = `cli-admin-${tag}`;
    const password = `pw-${randomUUID()}`;
    const r = await cli(['admin', 'create', '--username', username, '--password-stdin'], {
      input: `${password}\n`,
    });
    expect(r).toMatchObject({ code: 0 });
    expect(r.out).toContain(`已创建管理员 ${username}`);
    expect(r.out + r.err).not.toContain(password);
    const token = await stack.login(username, password);
    expect((await stack.as(token)('GET', '/auth/me')).body).toMatchObject({ username, role: 'admin' });

    const again = await cli(['admin', 'create', '--username', username], {
      env: { BANLI_ADMIN_PASSWORD: password },
    });
    expect(again.code).toBe(1);
    expect(again.err).toContain('USERNAME_TAKEN');
  }, 240_000);

  it('resets a deactivated administrator: new password, active again, old sessions ended', async () => {
    const other = await stack.createUser('admin');
    expect((await stack.admin.http('PATCH', `/users/${other.id}`, { active: false })).status).toBe(200);
    await expect(stack.login(other.username, other.password)).rejects.toThrow(/401/);

    const password = `new-${randomUUID()}`;
    const r = await cli(['admin', 'reset', '--username', other.username], {
      env: { BANLI_ADMIN_PASSWORD: password },
    });
    expect(r).toMatchObject({ code: 0 });
    expect(r.out).toContain(`已重设管理员 ${other.username} 的密码，账号已重新启用`);
    expect(r.out).toContain('re-activated');
    expect(r.out + r.err).not.toContain(password);
    await expect(stack.login(other.username, other.password)).rejects.toThrow(/401/);
    expect(await stack.login(other.username, password)).toBeTruthy();

    // only administrators: another account is refused, and an unknown name too
    const office = await stack.createUser('office');
    const env = { BANLI_ADMIN_PASSWORD: password };
    const [refused, unknown] = await Promise.all([
      cli(['admin', 'reset', '--username', office.username], { env }),
      cli(['admin', 'reset', '--username', `nobody-${tag}`], { env }),
    ]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('不是管理员');
    expect(await stack.login(office.username, office.password)).toBeTruthy();
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('没有用户');
  }, 240_000);

  it('shows a registered case from Temporal and the read model', async () => {
    const office = await stack.createUser('office');
    const number = `C${tag}`;
    const reg = await office.http('POST', '/proposals', {
      jurisdiction: 'cn-national',
      channel: 'npc',
      term: 14,
      session: 4,
      number,
      title: `关于运维命令行的建议（${number}）`,
      proposers: [{ name: `王代表${tag}`, kind: 'deputy' }],
    });
    expect(reg.status).toBe(201);
    const { id, workflowId } = reg.body;

    const [text, json, none] = await Promise.all([
      cli(['case', 'show', workflowId]),
      cli(['case', 'show', id, '--json']),
      cli(['case', 'show', `proposal:none:${tag}`]),
    ]);
    expect(text).toMatchObject({ code: 0, err: '' });
    expect(text.out).toContain(`案件 (case) ${id}`);
    expect(text.out).toContain(`关于运维命令行的建议（${number}）`);
    expect(text.out).toContain('Temporal 实时状态 (live state)');
    expect(text.out).toMatch(/阶段 \(stage\)\s+\S+ \(.+\) · seq \d+/);
    expect(text.out).toContain('读模型 (read model, database)');
    expect(text.out).toContain(`王代表${tag}`);

    expect(json).toMatchObject({ code: 0 });
    const parsed = JSON.parse(json.out);
    expect(parsed.readModel).toMatchObject({ id, workflowId, number });
    expect(parsed.temporal.summary).toMatchObject({ caseId: id, caseStage: reg.body.stage });

    expect(none.code).toBe(1);
    expect(none.err).toContain('没有案件');
  }, 240_000);

  it('recomputes the deadlines of every open case of a jurisdiction through the workflow', async () => {
    const jurisdiction = `cli-${tag}`;
    const created = await stack.admin.http('POST', '/jurisdictions', {
      id: jurisdiction,
      name: `命令行测试市${tag}`,
      level: 'city',
      channels: ['npc'],
      policyId: 'cn-national',
    });
    expect(created.status).toBe(201);
    const office = await stack.createUser('office');
    const reg = await office.http('POST', '/proposals', {
      jurisdiction,
      channel: 'npc',
      term: 1,
      session: 1,
      number: `D${tag}`,
      title: '关于重算时限的建议',
      proposers: [{ name: `赵代表${tag}`, kind: 'deputy' }],
    });
    expect(reg.status).toBe(201);
    const { id } = reg.body;
    const unit = await stack.createUnit();
    expect(
      (await office.http('POST', `/proposals/${id}/file`, { number: `立${tag}`, category: '城建' })).status,
    ).toBe(200);
    expect(
      (await office.http('POST', `/proposals/${id}/assign`, { mode: 'sole', units: [{ unitId: unit.id }] }))
        .status,
    ).toBe(200);
    // the projection has written the assignment
    for (let i = 0; i < 100; i++) {
      const row = await stack.ds.getRepository(ProposalEntity).findOneBy({ id });
      if (row?.stage === 'ASSIGNED') break;
      await new Promise((res) => setTimeout(res, 100));
    }

    const [dry, bad, unknown] = await Promise.all([
      cli(['deadlines', 'recompute', '--jurisdiction', jurisdiction, '--reason', '演练', '--dry-run']),
      cli(['deadlines', 'recompute', '--jurisdiction', jurisdiction, '--reason', ' ']),
      cli(['deadlines', 'recompute', '--jurisdiction', `none-${tag}`, '--reason', '演练']),
    ]);
    expect(dry).toMatchObject({ code: 0 });
    expect(dry.out).toContain('1 open cases');
    expect(dry.out).toContain(reg.body.workflowId);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--reason');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('没有辖区');

    const r = await cli([
      'deadlines',
      'recompute',
      '--jurisdiction',
      jurisdiction,
      '--reason',
      '2027年节假日安排公布',
    ]);
    expect(r).toMatchObject({ code: 0 });
    expect(r.out).toContain(`✓ ${reg.body.workflowId}`);
    expect(r.out).toContain('recomputed 1, failed 0');
    let audit: AuditEventEntity | null = null;
    for (let i = 0; i < 100 && !audit; i++) {
      audit = await stack.ds
        .getRepository(AuditEventEntity)
        .findOneBy({ proposalId: id, actorId: 'cli:e2e-operator' });
      if (!audit) await new Promise((res) => setTimeout(res, 100));
    }
    expect(audit).toMatchObject({ actorRole: 'office' });
  }, 240_000);

  it('queues a failed message again, as the API’s re-send does', async () => {
    const proposalId = randomUUID();
    const outbox = new Outbox(stack.ds, { send: () => Promise.reject(new Error('not in this test')) });
    const { id } = await outbox.enqueue({
      proposalId,
      unitId: null,
      kind: 'deadlineReminder',
      dueAt: null,
      recipient: `unit-${tag}@example.cn`,
      subject: '时限提醒',
      text: '时限提醒',
      html: null,
    });
    const repo = stack.ds.getRepository(OutboxEntity);
    await repo.update({ id }, { status: 'failed', attempts: 3, lastError: '550 mailbox unavailable' });

    const listed = await cli(['mail', 'resend-failed', '--case', proposalId, '--dry-run']);
    expect(listed.code).toBe(0);
    expect(listed.out).toContain(id);
    expect((await repo.findOneByOrFail({ id })).status).toBe('failed');

    const r = await cli([
      'mail',
      'resend-failed',
      '--case',
      proposalId,
      '--since',
      '2020-01-01T00:00:00+08:00',
    ]);
    expect(r).toMatchObject({ code: 0 });
    expect(r.out).toContain(`✓ ${id}`);
    expect(r.out).toContain('已重新排队 1 封');
    const row = await repo.findOneByOrFail({ id });
    expect(row.status).not.toBe('failed');
    expect(row).toMatchObject({ resendCount: 1, resentBy: 'cli:e2e-operator', attempts: expect.any(Number) });
    await repo.delete({ id });
  }, 240_000);
});
