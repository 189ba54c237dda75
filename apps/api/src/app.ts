import { type INestApplication, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import type { DataSource } from 'typeorm';
import { AppModule } from './app.module';
import { HttpExceptionFilter } from './common/http-exception.filter';
import { jsonBodiesOnly, requireUtf8 } from './common/request-body';
import { requestId } from './common/request-id';
import { requestContext } from './common/request-context';
import { createValidationPipe } from './common/validation';
import type { AppConfig } from './config/app-config';
import { KizunaIoAdapter } from './realtime/socket-io.adapter';

/** Builds the API application (routes, pipes, filters, docs) on an open, migrated database; the caller starts the outbox dispatcher. */
export async function createApp(config: AppConfig, dataSource: DataSource): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, dataSource), { logger: false, abortOnError: false });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  app.set('trust proxy', config.trustProxy);
  app.use(requestId);
  app.use(requestContext);
  // JSON over 256 KB answers 413 PAYLOAD_TOO_LARGE (HttpExceptionFilter); bodies of other types are refused unread (415).
  app.use(jsonBodiesOnly);
  app.useBodyParser('json', { limit: '256kb', verify: requireUtf8 });
  app.use(helmet({ contentSecurityPolicy: false }), cookieParser());
  // Credentialed CORS for the allowed origins only; any other origin gets no CORS headers (the browser blocks it).
  app.enableCors({
    origin: (origin: string | undefined, done: (error: Error | null, allow: boolean) => void) => done(null, origin !== undefined && config.corsOrigins.includes(origin)),
    credentials: true,
    exposedHeaders: ['Retry-After', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset'],
    maxAge: 600,
  });
  app.setGlobalPrefix('api/v1', { exclude: [{ path: 'api/health', method: RequestMethod.GET }] });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpExceptionFilter());
  const sockets = new KizunaIoAdapter(app, config.corsOrigins);
  if (config.redisUrl) await sockets.connectRedis(config.redisUrl);
  app.useWebSocketAdapter(sockets);
  SwaggerModule.setup('api/docs', app, () => openApiDocument(app), { jsonDocumentUrl: 'api/docs-json' });
  await app.init();
  return app;
}

export function openApiDocument(app: INestApplication): OpenAPIObject {
  const info = new DocumentBuilder()
    .setTitle('Kizuna API')
    .setDescription('Community fan engagement with a CRM backbone. Errors: `{ statusCode, error, message, code, fields? }`.')
    .setVersion('1')
    .addBearerAuth()
    .addCookieAuth('kizuna_refresh')
    .build();
  return SwaggerModule.createDocument(app, info);
}
