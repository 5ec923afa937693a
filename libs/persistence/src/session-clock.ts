import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** The database session does not keep time in UTC, so row timestamps would be shifted. */
export class DbTimeZoneError extends Error {
  readonly code = 'DB_TIME_ZONE_NOT_UTC';
  constructor(
    readonly sessionTimeZone: string,
    readonly offsetSeconds: number,
  ) {
    super(
      `数据库会话时区不是 UTC（time_zone=${sessionTimeZone}，与 UTC 相差 ${offsetSeconds} 秒），` +
        `记录时间会整体偏移。请在 MySQL 配置中设置 default-time-zone='+00:00'。` +
        ` (The database session time zone is ${sessionTimeZone}, ${offsetSeconds} s from UTC; ` +
        `Banli stores UTC timestamps and needs default-time-zone='+00:00' on the server.)`,
    );
  }
}

/**
 * Banli's DATETIME columns hold UTC and their defaults (CURRENT_TIMESTAMP) follow the session time
 * zone. A server left on local time (common: Asia/Shanghai) would shift every created/updated
 * instant by hours, so the API and the worker refuse to start on one, and /health reports it.
 */
export async function assertUtcSession(ds: DataSource): Promise<void> {
  const [row] = (await ds.query(
    'SELECT @@session.time_zone AS tz, TIMESTAMPDIFF(SECOND, UTC_TIMESTAMP(), NOW()) AS off',
  )) as Array<{ tz: string; off: string | number }>;
  const off = Number(row.off);
  if (Math.abs(off) >= 60) throw new DbTimeZoneError(String(row.tz), off);
}

/** Runs the check while the API or the worker starts, before anything polls or listens. */
@Injectable()
export class UtcSessionCheck implements OnModuleInit {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}
  onModuleInit(): Promise<void> {
    return assertUtcSession(this.ds);
  }
}
