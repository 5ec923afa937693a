import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { BanliConfig } from '@banli/config';
import { temporalConnectionOptions } from '@banli/temporal';
import { CONFIG } from '@banli/config';

/** One lazily-connected Temporal client for the API process. */
@Injectable()
export class TemporalClientService implements OnApplicationShutdown {
  private connection?: Promise<Connection>;
  private clientP?: Promise<Client>;

  constructor(@Inject(CONFIG) private readonly cfg: BanliConfig) {}

  get taskQueue(): string {
    return this.cfg.temporal.taskQueue;
  }

  get namespace(): string {
    return this.cfg.temporal.namespace;
  }

  client(): Promise<Client> {
    if (!this.clientP) {
      this.connection = Connection.connect({
        ...temporalConnectionOptions(this.cfg.temporal),
        connectTimeout: 5000,
      });
      this.clientP = this.connection.then(
        (connection) => new Client({ connection, namespace: this.cfg.temporal.namespace }),
      );
      // a failed connect is retried on the next call rather than cached forever
      this.clientP.catch(() => {
        this.clientP = undefined;
        this.connection = undefined;
      });
    }
    return this.clientP;
  }

  /** Reachability check for /health. */
  async ping(): Promise<void> {
    const c = await this.client();
    await c.workflowService.getSystemInfo({});
  }

  async onApplicationShutdown() {
    const conn = await this.connection?.catch(() => undefined);
    await conn?.close();
  }
}
