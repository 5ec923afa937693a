import { Logger } from '@nestjs/common';
import { temporal } from '@temporalio/proto';
import { loadConfig } from '@banli/config';
import { SEARCH_ATTRIBUTES, SearchAttributesMissingError } from '@banli/temporal';

/** A Temporal worker whose run ends when the test says so. */
class FakeWorker {
  static created: FakeWorker[] = [];
  state = 'RUNNING';
  private end!: { resolve: () => void; reject: (e: unknown) => void };
  readonly runP = new Promise<void>((resolve, reject) => (this.end = { resolve, reject }));
  constructor(readonly options: Record<string, unknown>) {
    FakeWorker.created.push(this);
  }
  run() {
    return this.runP;
  }
  getState() {
    return this.state;
  }
  shutdown() {
    this.state = 'STOPPING';
  }
  finish() {
    this.state = 'STOPPED';
    this.end.resolve();
  }
  crash(e: Error) {
    this.state = 'FAILED';
    this.end.reject(e);
  }
}

const V = temporal.api.enums.v1.IndexedValueType;
const TYPES = {
  Keyword: V.INDEXED_VALUE_TYPE_KEYWORD,
  Datetime: V.INDEXED_VALUE_TYPE_DATETIME,
  Bool: V.INDEXED_VALUE_TYPE_BOOL,
};
let customAttributes: Record<string, number> = {};
const connection = {
  operatorService: { listSearchAttributes: jest.fn(async () => ({ customAttributes })) },
  close: jest.fn(async () => undefined),
};

jest.mock('@temporalio/worker', () => ({
  Runtime: { install: jest.fn() },
  NativeConnection: { connect: jest.fn(async () => connection) },
  Worker: { create: jest.fn(async (o: Record<string, unknown>) => new FakeWorker(o)) },
}));

// loaded after the mock
import { TemporalWorkerService } from './worker.service';

describe('the worker service: start-up check, drain and how a run ends', () => {
  const cfg = loadConfig({ WORKER_SHUTDOWN_GRACE: '12s' });
  const service = () => new TemporalWorkerService(cfg, {});
  const last = () => FakeWorker.created[FakeWorker.created.length - 1];

  beforeAll(() => Logger.overrideLogger(false));
  beforeEach(() => {
    customAttributes = Object.fromEntries(
      Object.entries(SEARCH_ATTRIBUTES).map(([k, t]) => [k, TYPES[t as keyof typeof TYPES]]),
    );
    connection.close.mockClear();
  });

  it('refuses to start when a search attribute is missing, and closes its connection', async () => {
    delete customAttributes.BanliNextDueAt;
    const s = service();
    const before = FakeWorker.created.length;
    await expect(s.onApplicationBootstrap()).rejects.toBeInstanceOf(SearchAttributesMissingError);
    expect(FakeWorker.created.length).toBe(before);
    expect(connection.close).toHaveBeenCalled();
    expect(s.state).toBe('failed');
  });

  it('drains with the configured grace time and reports a clean stop', async () => {
    const s = service();
    await s.onApplicationBootstrap();
    expect(s.state).toBe('running');
    expect(last().options).toMatchObject({ shutdownGraceTime: 12_000, shutdownForceTime: 22_000 });
    const stopping = s.beforeApplicationShutdown('SIGTERM');
    expect(s.state).toBe('draining');
    last().finish();
    await stopping;
    await expect(s.finished).resolves.toBeUndefined();
    expect(s.state).toBe('drained');
    expect(connection.close).toHaveBeenCalled();
  });

  it('reports a run that fails, so the process exits non-zero', async () => {
    const s = service();
    await s.onApplicationBootstrap();
    last().crash(new Error('namespace gone'));
    await expect(s.finished).rejects.toThrow('namespace gone');
    expect(s.state).toBe('failed');
    // closing afterwards (main.ts) does not throw again
    await expect(s.beforeApplicationShutdown()).resolves.toBeUndefined();
  });

  it('fails the shutdown when the drain does not complete', async () => {
    const s = service();
    await s.onApplicationBootstrap();
    const stopping = s.beforeApplicationShutdown('SIGTERM');
    last().crash(new Error('GracefulShutdownPeriodExpiredError'));
    await expect(stopping).rejects.toThrow('GracefulShutdownPeriodExpiredError');
    await expect(s.finished).rejects.toThrow();
  });

  it('treats a run that ends unasked as a failure', async () => {
    const s = service();
    await s.onApplicationBootstrap();
    last().finish();
    await expect(s.finished).rejects.toThrow(/without being asked/);
  });
});
