import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength, validateSync } from 'class-validator';

const toBool = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? ['1', 'true', 'yes', 'on'].includes(value.toLowerCase()) : value;
const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && value !== '' ? Number(value) : value);
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/** Environment variables the API reads. `process.env` is read here and nowhere else. */
class Env {
  @IsIn(['development', 'production', 'test']) @IsOptional()
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(toInt) @IsInt() @Min(0) @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  @Transform(emptyToUndefined) @IsOptional()
  @IsUrl({ protocols: ['postgres', 'postgresql'], require_tld: false, require_protocol: true }, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

  @Transform(toInt) @IsInt() @Min(1) @Max(100)
  DATABASE_POOL_SIZE = 10;

  @Transform(emptyToUndefined) @IsOptional()
  @IsUrl({ protocols: ['redis', 'rediss'], require_tld: false, require_protocol: true }, { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL?: string;

  @IsString()
  DATA_DIR = '.data';

  @Transform(emptyToUndefined) @IsOptional() @IsString() @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  @Transform(toInt) @IsInt() @Min(30) @Max(86400)
  ACCESS_TOKEN_TTL_SECONDS = 900;

  @Transform(toInt) @IsInt() @Min(1) @Max(365)
  REFRESH_TOKEN_TTL_DAYS = 30;

  @IsUrl({ require_tld: false, require_protocol: true }, { message: 'PUBLIC_WEB_URL must be an http(s) URL' })
  PUBLIC_WEB_URL = 'http://localhost:3001';

  @Transform(emptyToUndefined) @IsOptional()
  @IsUrl({ protocols: ['smtp', 'smtps'], require_tld: false, require_protocol: true }, { message: 'SMTP_URL must be an smtp:// URL' })
  SMTP_URL?: string;

  @IsString()
  MAIL_FROM = 'Kizuna <no-reply@kizuna.local>';

  @Transform(toBool) @IsOptional() @IsBoolean()
  COOKIE_SECURE?: boolean;

  @Transform(toBool) @IsBoolean()
  OUTBOX_DISPATCH = true;

  @Transform(toBool) @IsOptional() @IsBoolean()
  SEED_DEMO?: boolean;

  @Transform(toBool) @IsOptional() @IsBoolean()
  SEED_DEMO_HISTORY?: boolean;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** Express's `trust proxy`: which proxies' X-Forwarded-For to believe (client IPs for limits and logs). */
  @IsString()
  @Matches(/^(true|false|\d+|(loopback|linklocal|uniquelocal|[\d.:a-f/]+)(\s*,\s*(loopback|linklocal|uniquelocal|[\d.:a-f/]+))*)$/i, {
    message: 'TRUST_PROXY must be true, false, a hop count, or a comma-separated list of loopback, linklocal, uniquelocal or addresses',
  })
  TRUST_PROXY = 'loopback';

  /** Browser origins allowed to call the API with credentials and open sockets (comma-separated); default: PUBLIC_WEB_URL's origin. */
  @Transform(emptyToUndefined) @IsOptional() @IsString()
  @Matches(/^\s*https?:\/\/[^\s,]+\s*(,\s*https?:\/\/[^\s,]+\s*)*$/i, { message: 'CORS_ORIGINS must be a comma-separated list of http(s) origins' })
  CORS_ORIGINS?: string;

  /** Scales every rate limit (load tests and test suites raise it; 1 is the production policy). */
  @Transform(toInt) @IsNumber({}, { message: 'RATE_LIMIT_MULTIPLIER must be a number' }) @Min(0.01) @Max(1_000_000)
  RATE_LIMIT_MULTIPLIER = 1;

  /** Per-limit overrides, e.g. `posting.user=20/60,login.ip=100/60` (points per seconds). */
  @Transform(emptyToUndefined) @IsOptional() @IsString()
  @Matches(/^\s*[a-z-]+\.[a-z-]+=\d+\/\d+\s*(,\s*[a-z-]+\.[a-z-]+=\d+\/\d+\s*)*$/, {
    message: 'RATE_LIMITS must look like posting.user=20/60,login.ip=100/60 (points/seconds)',
  })
  RATE_LIMITS?: string;

  /** Namespace of rate-limit counters in Redis; default: derived from DATABASE_URL (one deployment, one database). */
  @Transform(emptyToUndefined) @IsOptional() @IsString() @Matches(/^[\w:.-]{1,100}$/, { message: 'RATE_LIMIT_PREFIX must be 1 to 100 letters, digits, or _ : . -' })
  RATE_LIMIT_PREFIX?: string;

  /** The largest CSV upload (imports), in megabytes. */
  @Transform(toInt) @IsInt() @Min(1) @Max(4096)
  UPLOAD_MAX_MB = 512;
}

export interface AppConfig {
  env: Env['NODE_ENV'];
  port: number;
  host: string;
  /** `undefined`: run on the embedded PGlite database under `dataDir`. */
  databaseUrl?: string;
  databasePoolSize: number;
  redisUrl?: string;
  dataDir: string;
  jwtSecret: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlDays: number;
  publicWebUrl: string;
  smtpUrl?: string;
  mailFrom: string;
  cookieSecure: boolean;
  outboxDispatch: boolean;
  seedDemo: boolean;
  /** Give the demo three months of activity, customers and orders (dashboards with something to show). */
  seedDemoHistory: boolean;
  logLevel: string;
  trustProxy: boolean | number | string;
  /** Origins (scheme://host[:port]) allowed for credentialed CORS, socket handshakes and cookie refreshes. */
  corsOrigins: string[];
  rateLimits: {
    multiplier: number;
    /** `policy.key` → points per seconds, replacing the built-in policy. */
    overrides: Record<string, { points: number; seconds: number }>;
    /** Prefix of the counters in Redis (processes of one deployment share it). */
    prefix: string;
  };
  uploadMaxBytes: number;
}

/** A configuration problem, reported as one line before the process stops. */
export class ConfigError extends Error {}

/**
 * Reads and validates the environment once. On the embedded database a missing JWT secret is
 * generated and kept under the data directory, so a first run needs no setup; against a database
 * server (shared by several API processes) the secret must be given.
 */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): AppConfig {
  const env = plainToInstance(Env, { ...source }, { exposeDefaultValues: true, excludeExtraneousValues: false });
  const errors = validateSync(env, { whitelist: false, forbidUnknownValues: false });
  if (errors.length > 0) {
    const first = errors[0];
    const message = Object.values(first.constraints ?? {})[0] ?? 'is invalid';
    throw new ConfigError(`Invalid configuration: ${message.startsWith(first.property) ? message : `${first.property} ${message}`}`);
  }
  const dataDir = resolve(env.DATA_DIR);
  const embedded = !env.DATABASE_URL;
  let jwtSecret = env.JWT_SECRET;
  if (!jwtSecret) {
    if (!embedded) throw new ConfigError('Invalid configuration: JWT_SECRET is required when DATABASE_URL is set (at least 32 characters)');
    jwtSecret = embeddedSecret(dataDir);
  }
  return {
    env: env.NODE_ENV,
    port: env.PORT,
    host: env.HOST,
    databaseUrl: env.DATABASE_URL,
    databasePoolSize: env.DATABASE_POOL_SIZE,
    redisUrl: env.REDIS_URL,
    dataDir,
    jwtSecret,
    accessTokenTtlSeconds: env.ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlDays: env.REFRESH_TOKEN_TTL_DAYS,
    publicWebUrl: env.PUBLIC_WEB_URL.replace(/\/$/, ''),
    smtpUrl: env.SMTP_URL,
    mailFrom: env.MAIL_FROM,
    cookieSecure: env.COOKIE_SECURE ?? env.NODE_ENV === 'production',
    outboxDispatch: env.OUTBOX_DISPATCH,
    seedDemo: env.SEED_DEMO ?? embedded,
    seedDemoHistory: env.SEED_DEMO_HISTORY ?? false,
    logLevel: env.LOG_LEVEL,
    corsOrigins: env.CORS_ORIGINS ? env.CORS_ORIGINS.split(',').map(originOf) : webOrigins(env.PUBLIC_WEB_URL, env.NODE_ENV),
    rateLimits: {
      multiplier: env.RATE_LIMIT_MULTIPLIER,
      overrides: Object.fromEntries(
        (env.RATE_LIMITS?.split(',') ?? []).map((entry) => {
          const [name, limit] = entry.trim().split('=');
          const [points, seconds] = limit.split('/').map(Number);
          return [name, { points, seconds }];
        }),
      ),
      prefix: env.RATE_LIMIT_PREFIX ?? deploymentPrefix(env.DATABASE_URL, dataDir),
    },
    uploadMaxBytes: env.UPLOAD_MAX_MB * 1024 * 1024,
    trustProxy: /^(true|false)$/i.test(env.TRUST_PROXY) ? env.TRUST_PROXY.toLowerCase() === 'true' : /^\d+$/.test(env.TRUST_PROXY) ? Number(env.TRUST_PROXY) : env.TRUST_PROXY,
  };
}

function originOf(url: string): string {
  try {
    return new URL(url.trim()).origin;
  } catch {
    throw new ConfigError(`Invalid configuration: CORS_ORIGINS has an invalid origin ${url.trim()}`);
  }
}

/** PUBLIC_WEB_URL's origin; outside production also its loopback aliases (localhost:3001 opened as 127.0.0.1:3001). */
function webOrigins(publicWebUrl: string, nodeEnv: Env['NODE_ENV']): string[] {
  const origin = originOf(publicWebUrl);
  const url = new URL(origin);
  const loopback = ['localhost', '127.0.0.1', '[::1]'];
  if (nodeEnv === 'production' || !loopback.includes(url.hostname)) return [origin];
  return [origin, ...loopback.filter((host) => host !== url.hostname).map((host) => `${url.protocol}//${host}${url.port ? `:${url.port}` : ''}`)];
}

/** One deployment, one database: its processes share counters, other deployments on the same Redis do not. */
function deploymentPrefix(databaseUrl: string | undefined, dataDir: string): string {
  const where = databaseUrl ? new URL(databaseUrl) : undefined;
  const name = where ? `${where.hostname}:${where.port || 5432}${where.pathname}` : `embedded:${dataDir}`;
  return `kizuna:rl:${createHash('sha256').update(name).digest('hex').slice(0, 16)}`;
}

function embeddedSecret(dataDir: string): string {
  const file = join(dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

export const APP_CONFIG = Symbol('APP_CONFIG');
