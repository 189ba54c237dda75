import { Global, Module, type DynamicModule } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DatabaseService } from './database.service';

/** Provides the (already open and migrated) data source and the transaction-aware DatabaseService. */
@Global()
@Module({})
export class DatabaseModule {
  static forDataSource(dataSource: DataSource): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [{ provide: DataSource, useValue: dataSource }, DatabaseService],
      exports: [DataSource, DatabaseService],
    };
  }
}
