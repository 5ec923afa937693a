import { formatDateTimeEn, formatDateTimeZh } from '@banli/domain';
import { randomUUID } from 'node:crypto';
import { HttpStatus, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { BanliConfig, CONFIG } from '@banli/config';
import { UserEntity } from '@banli/persistence';
import { BanliProblem } from '../common/problem';
import { ChangePasswordDto, LoginDto } from './auth.dto';
import { LoginLimiter } from './login-limiter';
import { decoyHash, hashPassword, verifyPassword } from './password';
import { actorOf, Principal, principalOf } from './principal';

interface AccessClaims {
  sub: string;
  role: string;
  name: string;
  /** When the session began (the password login), epoch seconds; kept across refreshes. */
  sat?: number;
  iat?: number;
  /** Expiry, epoch seconds: required; a token without it would never expire. */
  exp?: number;
}

/**
 * The instant from which an account's sessions must have begun after a password change: the next
 * whole second (session starts are counted in seconds), so every older session is cut and a
 * session begun after the change is not.
 */
export const sessionCut = (now: Date, previous: Date | null): Date =>
  new Date(
    Math.max(
      Math.floor(now.getTime() / 1000) + 1,
      // sessions begun since an earlier cut in this very second started at that cut
      previous ? Math.ceil(previous.getTime() / 1000) + 1 : 0,
    ) * 1000,
  );

const unauthenticated = (code: string, zh: string, en: string) =>
  new BanliProblem(HttpStatus.UNAUTHORIZED, code, `${zh} (${en})`);

@Injectable()
export class AuthService implements OnApplicationBootstrap {
  private readonly log = new Logger('auth');
  private readonly limiter: LoginLimiter;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly jwt: JwtService,
    @Inject(CONFIG) private readonly cfg: BanliConfig,
  ) {
    this.limiter = new LoginLimiter(cfg.auth.loginRateLimit, cfg.auth.loginRateWindowSeconds * 1000);
  }

  private get users() {
    return this.ds.getRepository(UserEntity);
  }

  /** Creates the first administrator from ADMIN_USERNAME / ADMIN_PASSWORD when there is none. */
  async onApplicationBootstrap() {
    const admin = this.cfg.auth.admin;
    if (await this.users.exists({ where: { role: 'admin', active: true } })) return;
    if (!admin) {
      this.log.warn(
        '没有管理员账号：请设置 ADMIN_USERNAME 和 ADMIN_PASSWORD 后重启 (no administrator; set ADMIN_USERNAME/ADMIN_PASSWORD)',
      );
      return;
    }
    const taken = await this.users.findOne({ where: { username: admin.username } });
    if (taken) {
      this.log.warn(
        `用户名 ${admin.username} 已被非管理员账号占用，未创建管理员 (username taken by a non-admin account)`,
      );
      return;
    }
    try {
      await this.users.insert({
        id: randomUUID(),
        username: admin.username,
        displayName: '系统管理员',
        passwordHash: await hashPassword(admin.password),
        role: 'admin',
        unitId: null,
        partyId: null,
        email: null,
      });
      this.log.log(`created administrator ${admin.username}`);
    } catch (e) {
      // Another API instance booting at the same moment created it.
      if ((e as { code?: string }).code !== 'ER_DUP_ENTRY') throw e;
    }
  }

  /**
   * Password login. Order matters: the per IP+name rate limit first (429), then the account lock
   * (423), then the password. The N-th consecutive failure locks the account for LOGIN_LOCK_MINUTES.
   */
  async login(dto: LoginDto, ip: string, now = new Date()) {
    const username = dto.username.trim();
    const gate = this.limiter.hit(`${ip}|${username.toLowerCase()}`, now.getTime());
    if (!gate.allowed) {
      throw new BanliProblem(
        HttpStatus.TOO_MANY_REQUESTS,
        'LOGIN_RATE_LIMITED',
        `登录尝试过于频繁，请 ${gate.retryAfterSeconds} 秒后再试 (too many login attempts; retry in ${gate.retryAfterSeconds} s)`,
        { retryAfterSeconds: gate.retryAfterSeconds },
      );
    }
    const user = await this.users.findOne({ where: { username } });
    if (!user || !user.active) {
      await verifyPassword(dto.password, await decoyHash());
      throw this.badCredentials();
    }
    if (user.lockedUntil && user.lockedUntil > now) throw this.locked(user.lockedUntil, now);
    if (!(await verifyPassword(dto.password, user.passwordHash))) {
      await this.users.increment({ id: user.id }, 'failedLogins', 1);
      const failed = (user.failedLogins ?? 0) + 1;
      if (failed >= this.cfg.auth.maxFailedLogins) {
        const until = new Date(now.getTime() + this.cfg.auth.lockMinutes * 60_000);
        await this.users.update({ id: user.id }, { lockedUntil: until, failedLogins: 0 });
        this.log.warn(
          `account ${user.username} locked until ${until.toISOString()} after ${failed} failed logins from ${ip}`,
        );
        throw this.locked(until, now);
      }
      throw this.badCredentials();
    }
    await this.users.update({ id: user.id }, { failedLogins: 0, lockedUntil: null, lastLoginAt: now });
    // never earlier than a password change made in this same second
    const start = Math.max(
      Math.floor(now.getTime() / 1000),
      user.sessionsValidFrom ? Math.ceil(user.sessionsValidFrom.getTime() / 1000) : 0,
    );
    return this.issue(principalOf(user), start);
  }

  issue(p: Principal, sessionStart: number) {
    const claims: AccessClaims = { sub: p.id, role: p.role, name: p.displayName, sat: sessionStart };
    const accessToken = this.jwt.sign(claims);
    return {
      accessToken,
      tokenType: 'Bearer',
      expiresIn: this.cfg.auth.accessTokenTtlSeconds,
      sessionExpiresAt: new Date((sessionStart + this.cfg.auth.sessionMaxHours * 3600) * 1000).toISOString(),
      user: this.me(p),
    };
  }

  /**
   * A fresh access token for a still-valid one (the guard has checked it and the account), within
   * the session's maximum age counted from the password login: people working all day are not
   * signed out every few minutes, and a token cannot be kept alive past SESSION_MAX_HOURS.
   */
  async refresh(token: string, p: Principal, now = new Date()) {
    const claims = await this.verify(token);
    const start = claims.sat ?? claims.iat ?? 0;
    if (now.getTime() / 1000 - start > this.cfg.auth.sessionMaxHours * 3600) {
      throw unauthenticated(
        'SESSION_EXPIRED',
        `登录已超过 ${this.cfg.auth.sessionMaxHours} 小时，请重新登录`,
        'the session is older than SESSION_MAX_HOURS; sign in again',
      );
    }
    return this.issue(p, start);
  }

  me(p: Principal) {
    const { id, username, displayName, role, unitId, partyId } = p;
    return { id, username, displayName, role, unitId, partyId, actor: actorOf(p) };
  }

  /**
   * Verifies a bearer token and loads the person it names, so a deactivated account or a changed
   * role takes effect at once rather than when the token expires.
   */
  async authenticate(token: string | undefined): Promise<Principal> {
    if (!token) throw unauthenticated('UNAUTHENTICATED', '请先登录', 'a bearer access token is required');
    const claims = await this.verify(token);
    const user =
      typeof claims.sub === 'string' ? await this.users.findOne({ where: { id: claims.sub } }) : null;
    if (!user || !user.active)
      throw unauthenticated('TOKEN_INVALID', '账号不存在或已停用', 'account not found or deactivated');
    const began = claims.sat ?? claims.iat ?? 0;
    // a session that began in an earlier second than the password change is over
    if (user.sessionsValidFrom && (began + 1) * 1000 <= user.sessionsValidFrom.getTime())
      throw unauthenticated(
        'SESSION_REVOKED',
        '密码已修改，请用新密码重新登录',
        'the password changed; sign in again',
      );
    return principalOf(user);
  }

  /**
   * Checks a bearer token's signature, issuer, audience and expiry. A token must carry `exp`:
   * jsonwebtoken accepts one without it, which would never expire, so it is refused here.
   */
  private async verify(token: string): Promise<AccessClaims> {
    let claims: AccessClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessClaims>(token);
    } catch (e) {
      if ((e as Error).name === 'TokenExpiredError')
        throw unauthenticated('TOKEN_EXPIRED', '登录已过期，请重新登录', 'access token expired');
      throw unauthenticated('TOKEN_INVALID', '访问令牌无效', 'access token is invalid');
    }
    if (typeof claims.exp !== 'number' || !Number.isFinite(claims.exp))
      throw unauthenticated(
        'TOKEN_INVALID',
        '访问令牌没有有效期，不予接受，请重新登录',
        'access token without an expiry (exp)',
      );
    return claims;
  }

  /**
   * Changes one's own password. Every other session of the account ends (whoever knew the old
   * password is signed out); the caller gets a fresh session with the answer.
   */
  async changePassword(p: Principal, dto: ChangePasswordDto, now = new Date()) {
    const user = await this.users.findOneOrFail({ where: { id: p.id } });
    if (!(await verifyPassword(dto.currentPassword, user.passwordHash))) throw this.badCredentials();
    const cut = sessionCut(now, user.sessionsValidFrom);
    await this.users.update(
      { id: user.id },
      { passwordHash: await hashPassword(dto.newPassword), failedLogins: 0, sessionsValidFrom: cut },
    );
    return this.issue(p, Math.floor(cut.getTime() / 1000));
  }

  private badCredentials() {
    return unauthenticated('INVALID_CREDENTIALS', '用户名或密码错误', 'wrong user name or password');
  }

  private locked(until: Date, now: Date) {
    const retryAfterSeconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
    return new BanliProblem(
      HttpStatus.LOCKED,
      'ACCOUNT_LOCKED',
      `连续登录失败次数过多，账号已锁定至 ${formatDateTimeZh(until)}，请稍后再试或联系管理员解锁 (account locked until ${formatDateTimeEn(until)})`,
      { lockedUntil: until.toISOString(), retryAfterSeconds },
    );
  }
}
