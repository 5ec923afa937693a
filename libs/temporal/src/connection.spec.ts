import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { temporal } from '@temporalio/proto';
import { ConfigError, loadConfig } from '@banli/config';
import { describeTemporalTarget, temporalConnectConfig, temporalConnectionOptions } from './connection';
import {
  checkSearchAttributes,
  requireSearchAttributes,
  SearchAttributesMissingError,
} from './search-attributes';
import { SEARCH_ATTRIBUTES } from './names';

const problemsOf = (env: NodeJS.ProcessEnv): string => {
  try {
    loadConfig(env);
    return '';
  } catch (e) {
    if (e instanceof ConfigError) return e.problems.join('\n');
    throw e;
  }
};

describe('Temporal connection settings (@temporalio/envconfig)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'banli-envconfig-'));
  const file = (name: string, text: string) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, text);
    return p;
  };
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keeps the local defaults and plaintext when nothing is set', () => {
    const t = loadConfig({}).temporal;
    expect(t).toMatchObject({ address: '127.0.0.1:7233', namespace: 'default', tls: false });
    expect(temporalConnectionOptions(t)).toMatchObject({ address: '127.0.0.1:7233', tls: false });
    expect(describeTemporalTarget(t)).toBe('127.0.0.1:7233 namespace=default (plaintext)');
  });

  it('keeps TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_TLS and TEMPORAL_API_KEY working', () => {
    const t = loadConfig({
      TEMPORAL_ADDRESS: 'temporal.example:7233',
      TEMPORAL_NAMESPACE: 'banli',
      TEMPORAL_TLS: 'yes',
    }).temporal;
    expect(t).toMatchObject({ address: 'temporal.example:7233', namespace: 'banli', tls: true });
    expect(temporalConnectionOptions(t).tls).toEqual(expect.any(Object));
    // an API key means TLS (Temporal Cloud), unless TLS is switched off explicitly
    const cloud = loadConfig({ TEMPORAL_ADDRESS: 'x.tmprl.cloud:7233', TEMPORAL_API_KEY: 'secret-key' });
    expect(cloud.temporal).toMatchObject({ tls: true, apiKey: 'secret-key' });
    expect(temporalConnectionOptions(cloud.temporal)).toMatchObject({ apiKey: 'secret-key' });
    expect(describeTemporalTarget(cloud.temporal)).not.toContain('secret-key');
    expect(loadConfig({ TEMPORAL_API_KEY: 'k', TEMPORAL_TLS: 'false' }).temporal.tls).toBe(false);
    // empty variables (compose's `${X:-}`) count as unset
    expect(loadConfig({ TEMPORAL_API_KEY: '', TEMPORAL_TLS: '' }).temporal).toMatchObject({
      tls: false,
      apiKey: undefined,
    });
    expect(problemsOf({ TEMPORAL_TLS: 'maybe' })).toMatch(/TEMPORAL_TLS/);
  });

  it('takes mTLS from TEMPORAL_TLS_* variables, checking that the files exist', () => {
    const ca = file('ca.pem', 'CA');
    const crt = file('client.pem', 'CRT');
    const key = file('client.key', 'KEY');
    const t = loadConfig({
      TEMPORAL_ADDRESS: 'temporal.internal:7233',
      TEMPORAL_TLS_SERVER_CA_CERT_PATH: ca,
      TEMPORAL_TLS_CLIENT_CERT_PATH: crt,
      TEMPORAL_TLS_CLIENT_KEY_PATH: key,
      TEMPORAL_TLS_SERVER_NAME: 'temporal',
    }).temporal;
    expect(t.tls).toBe(true);
    const tls = temporalConnectionOptions(t).tls as any;
    expect(Buffer.from(tls.serverRootCACertificate).toString()).toBe('CA');
    expect(Buffer.from(tls.clientCertPair.crt).toString()).toBe('CRT');
    expect(Buffer.from(tls.clientCertPair.key).toString()).toBe('KEY');
    expect(tls.serverNameOverride).toBe('temporal');
    expect(describeTemporalTarget(t)).toContain('mTLS');

    expect(
      problemsOf({ TEMPORAL_TLS_CLIENT_CERT_PATH: '/nowhere/c.pem', TEMPORAL_TLS_CLIENT_KEY_PATH: key }),
    ).toMatch(/TEMPORAL_TLS_CLIENT_CERT_PATH .*\/nowhere\/c\.pem/);
    expect(problemsOf({ TEMPORAL_TLS_CLIENT_CERT_PATH: crt })).toMatch(/go together/);
  });

  it('reads a profile from TEMPORAL_CONFIG_FILE, environment variables winning over it', () => {
    const toml = file(
      'temporal.toml',
      [
        '[profile.default]',
        'address = "ns.a1b2c.tmprl.cloud:7233"',
        'namespace = "ns.a1b2c"',
        'api_key = "from-file"',
        '[profile.staging]',
        'address = "staging.internal:7233"',
        'namespace = "banli-staging"',
        '[profile.staging.grpc_meta]',
        'x-tenant = "banli"',
      ].join('\n'),
    );
    const d = loadConfig({ TEMPORAL_CONFIG_FILE: toml }).temporal;
    expect(d).toMatchObject({
      address: 'ns.a1b2c.tmprl.cloud:7233',
      namespace: 'ns.a1b2c',
      apiKey: 'from-file',
      tls: true,
      profile: `default in ${toml}`,
    });
    expect(temporalConnectConfig(d).namespace).toBe('ns.a1b2c');

    const s = loadConfig({
      TEMPORAL_CONFIG_FILE: toml,
      TEMPORAL_PROFILE: 'staging',
      TEMPORAL_NAMESPACE: 'x',
    }).temporal;
    expect(s).toMatchObject({ address: 'staging.internal:7233', namespace: 'x', tls: false });
    expect(temporalConnectionOptions(s).metadata).toEqual({ 'x-tenant': 'banli' });

    expect(problemsOf({ TEMPORAL_CONFIG_FILE: toml, TEMPORAL_PROFILE: 'nope' })).toMatch(/nope/);
    expect(problemsOf({ TEMPORAL_CONFIG_FILE: path.join(dir, 'missing.toml') })).toMatch(
      /TEMPORAL_CONFIG_FILE/,
    );
    expect(
      problemsOf({ TEMPORAL_CONFIG_FILE: file('typo.toml', '[profile.default]\nadress = "x:1"\n') }),
    ).toMatch(/adress/);
  });

  it('reads WORKER_SHUTDOWN_GRACE as seconds (default 30 s)', () => {
    expect(loadConfig({}).worker.shutdownGraceSeconds).toBe(30);
    expect(loadConfig({ WORKER_SHUTDOWN_GRACE: '45' }).worker.shutdownGraceSeconds).toBe(45);
    expect(loadConfig({ WORKER_SHUTDOWN_GRACE: '2m' }).worker.shutdownGraceSeconds).toBe(120);
    expect(loadConfig({ WORKER_SHUTDOWN_GRACE: '0s' }).worker.shutdownGraceSeconds).toBe(0);
    expect(loadConfig({}).worker.maxCachedWorkflows).toBe(500);
    expect(loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '250' }).worker.maxCachedWorkflows).toBe(250);
    expect(problemsOf({ WORKER_MAX_CACHED_WORKFLOWS: 'lots' })).toMatch(/WORKER_MAX_CACHED_WORKFLOWS/);
    expect(problemsOf({ WORKER_SHUTDOWN_GRACE: 'soon' })).toMatch(/WORKER_SHUTDOWN_GRACE/);
  });
});

describe('the start-up check of search attributes', () => {
  const V = temporal.api.enums.v1.IndexedValueType;
  const typed = {
    Keyword: V.INDEXED_VALUE_TYPE_KEYWORD,
    Datetime: V.INDEXED_VALUE_TYPE_DATETIME,
    Bool: V.INDEXED_VALUE_TYPE_BOOL,
  };
  const all = Object.fromEntries(
    Object.entries(SEARCH_ATTRIBUTES).map(([k, t]) => [k, typed[t as keyof typeof typed]]),
  );
  const lister = (customAttributes: Record<string, unknown>) => ({
    listSearchAttributes: async () => ({ customAttributes }),
  });

  it('passes when every attribute exists with its type', async () => {
    expect(await requireSearchAttributes(lister(all), 'banli')).toEqual({
      checked: true,
      missing: [],
      wrongType: [],
    });
  });

  it('names the missing ones, in Chinese and English, with the command that creates them', async () => {
    const { BanliOverdue: _o, BanliStage: _s, ...some } = all;
    const err = await requireSearchAttributes(
      lister({ ...some, BanliKeyCase: V.INDEXED_VALUE_TYPE_KEYWORD }),
      'banli',
    ).catch((e) => e);
    expect(err).toBeInstanceOf(SearchAttributesMissingError);
    expect(err.message).toMatch(
      /^命名空间 banli 缺少办理系统的搜索属性：BanliStage \(Keyword\)，BanliOverdue \(Bool\)/,
    );
    expect(err.message).toMatch(
      /The namespace banli lacks Banli's search attributes: BanliStage \(Keyword\)/,
    );
    expect(err.message).toContain('BanliKeyCase (KEYWORD, 应为/expected Bool)');
    expect(err.message).toContain(
      'temporal operator search-attribute create -n banli --name BanliOverdue --type Bool',
    );
  });

  it('does not fail where the server offers no operator service (Temporal Cloud)', async () => {
    const denied = {
      listSearchAttributes: async () => {
        throw Object.assign(new Error('7 PERMISSION_DENIED: Request unauthorized.'), { code: 7 });
      },
    };
    expect(await checkSearchAttributes(denied, 'ns')).toMatchObject({ checked: false });
    const down = {
      listSearchAttributes: async () => {
        throw Object.assign(new Error('14 UNAVAILABLE'), { code: 14 });
      },
    };
    await expect(checkSearchAttributes(down, 'ns')).rejects.toThrow(/UNAVAILABLE/);
  });
});
