import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

interface TransactionContext {
  manager: EntityManager;
  afterCommit: Array<() => void>;
}

/**
 * The one way to the database for repositories. `transaction()` opens a transaction and makes it
 * the ambient one for everything awaited inside it, so every repository call joins it without a
 * manager being threaded through each signature. On the single-session embedded engine this is
 * also what prevents a query on a second connection from waiting forever behind the open
 * transaction.
 */
@Injectable()
export class DatabaseService {
  private readonly context = new AsyncLocalStorage<TransactionContext>();

  constructor(readonly dataSource: DataSource) {}

  /** The current transaction's manager, or the pool's. */
  get manager(): EntityManager {
    return this.context.getStore()?.manager ?? this.dataSource.manager;
  }

  get inTransaction(): boolean {
    return this.context.getStore() !== undefined;
  }

  /** Runs `work` in a transaction; nested calls join the outer one. */
  async transaction<T>(work: () => Promise<T>): Promise<T> {
    if (this.inTransaction) return work();
    const afterCommit: Array<() => void> = [];
    const result = await this.dataSource.transaction((manager) =>
      this.context.run({ manager, afterCommit }, work),
    );
    for (const hook of afterCommit) hook();
    return result;
  }

  /** Runs `hook` once the current transaction has committed (never if it rolls back). */
  afterCommit(hook: () => void): void {
    const store = this.context.getStore();
    if (!store) throw new Error('afterCommit() needs an open transaction');
    store.afterCommit.push(hook);
  }

  /** Runs `work` with an explicit manager as the ambient one (used by the outbox dispatcher). */
  withManager<T>(manager: EntityManager, work: () => Promise<T>): Promise<T> {
    return this.context.run({ manager, afterCommit: [] }, work);
  }
}
