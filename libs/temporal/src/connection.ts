import type { BanliConfig } from '@banli/config';

/** Connection options shared by the API's client and the worker's native connection. */
export function temporalConnectionOptions(cfg: BanliConfig['temporal']) {
  return {
    address: cfg.address,
    tls: cfg.tls ? {} : undefined,
    apiKey: cfg.apiKey,
  };
}
