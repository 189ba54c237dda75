import type { DataSource } from 'typeorm';

/**
 * The SQL TypeORM would run to bring the database in line with the entities. Empty when
 * entities and migrations agree; a new migration is written from it (`npm run migration:diff`).
 */
export async function schemaDiff(dataSource: DataSource): Promise<{ up: string[]; down: string[] }> {
  const sql = await dataSource.driver.createSchemaBuilder().log();
  return { up: sql.upQueries.map((q) => q.query), down: sql.downQueries.map((q) => q.query) };
}
