import { toClientOptions } from '@temporalio/envconfig';
import type { BanliConfig } from '@banli/config';

type TemporalSettings = BanliConfig['temporal'];

/**
 * Connection options shared by the API's client and the worker's native connection: the one place
 * they are built. The settings come from Temporal's environment configuration (profile file and
 * TEMPORAL_* variables, read by loadConfig), turned into options by @temporalio/envconfig as
 * Temporal's own clients do: TLS with the server CA and a client certificate pair (mTLS), an API key
 * (Temporal Cloud), gRPC headers.
 */
export function temporalConnectionOptions(cfg: TemporalSettings) {
  return temporalConnectConfig(cfg).connectionOptions;
}

/** Connection options and namespace, as `loadClientConnectConfig` gives them. */
export function temporalConnectConfig(cfg: TemporalSettings) {
  const { connectionOptions } = toClientOptions({
    address: cfg.address,
    namespace: cfg.namespace,
    apiKey: cfg.apiKey,
    tls: cfg.tls ? { ...cfg.tlsFiles } : { disabled: true },
    grpcMeta: cfg.grpcMeta,
  });
  return { connectionOptions, namespace: cfg.namespace };
}

/** For logs: where and how the process connects, never the secrets. */
export function describeTemporalTarget(cfg: TemporalSettings): string {
  const how = [
    cfg.tls ? (cfg.tlsFiles?.clientCert ? 'mTLS' : 'TLS') : 'plaintext',
    ...(cfg.apiKey ? ['API key'] : []),
    ...(cfg.profile ? [`profile ${cfg.profile}`] : []),
  ];
  return `${cfg.address} namespace=${cfg.namespace} (${how.join(', ')})`;
}
