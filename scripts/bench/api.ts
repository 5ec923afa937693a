import { randomBytes } from 'node:crypto';

/** A JSON answer of the API. */
export interface Answer {
  status: number;
  body: any;
}

/** HTTP to the API under test, with a bearer token. */
export class Api {
  constructor(
    readonly base: string,
    readonly token = '',
  ) {}

  as(token: string): Api {
    return new Api(this.base, token);
  }

  async call(method: string, path: string, body?: unknown): Promise<Answer> {
    const res = await fetch(this.base + path, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(120_000),
    });
    return { status: res.status, body: await parse(res) };
  }

  async upload(path: string, fields: Record<string, string>, file: Buffer, name: string): Promise<Answer> {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    form.append('file', new Blob([file]), name);
    const res = await fetch(this.base + path, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.token}` },
      body: form,
    });
    return { status: res.status, body: await parse(res) };
  }

  /** A call that must succeed: throws with the problem otherwise. */
  async must(method: string, path: string, body?: unknown): Promise<any> {
    const r = await this.call(method, path, body);
    if (r.status < 200 || r.status >= 300)
      throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body).slice(0, 500)}`);
    return r.body;
  }

  async login(username: string, password: string): Promise<Api> {
    const r = await this.must('POST', '/auth/login', { username, password });
    return this.as(r.accessToken as string);
  }
}

async function parse(res: Response): Promise<any> {
  const text = await res.text();
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return text;
  }
}

export interface Actors {
  admin: Api;
  office: Api;
  supervisor: Api;
  units: { id: string; code: string }[];
}

/** A new account with a random password, created by the administrator; signed in. */
export async function newAccount(
  adminApi: Api,
  username: string,
  role: string,
  o: { unitId?: string; email?: string } = {},
): Promise<Api> {
  const password = `pw-${randomBytes(12).toString('hex')}`;
  await adminApi.must('POST', '/users', {
    username,
    password,
    displayName: `${role} ${username}`,
    role,
    ...(o.email ? { email: o.email } : {}),
    ...(o.unitId ? { unitId: o.unitId } : {}),
  });
  return adminApi.as('').login(username, password);
}

/** The accounts and units a run needs, created by the administrator through the API. */
export async function setupActors(
  api: Api,
  admin: { username: string; password: string },
  unitCount: number,
): Promise<Actors> {
  const adminApi = await api.login(admin.username, admin.password);
  const user = (username: string, role: string, unitId?: string) =>
    newAccount(adminApi, username, role, { unitId, email: `${username}@bench.banli.test` });
  const office = await user('bench-office', 'office');
  const supervisor = await user('bench-supervisor', 'supervisor');
  const units: { id: string; code: string }[] = [];
  for (let k = 1; k <= unitCount; k++) {
    const code = `bench-u${k}`;
    const unit = await adminApi.must('POST', '/units', {
      code,
      name: `基准测试承办单位${k}`,
      contactName: `联络员${k}`,
      contactEmail: `unit${k}@bench.banli.test`,
      leaderName: `负责人${k}`,
      leaderEmail: `leader${k}@bench.banli.test`,
    });
    units.push({ id: unit.id, code });
  }
  return { admin: adminApi, office, supervisor, units };
}
