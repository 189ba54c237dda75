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
  app.useBodyParser('json', { limit: '256kb' });
  app.use(helmet({ contentSecurityPolicy: false }), cookieParser());
  app.setGlobalPrefix('api/v1', { exclude: [{ path: 'api/health', method: RequestMethod.GET }] });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpExceptionFilter());
  const sockets = new KizunaIoAdapter(app);
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
