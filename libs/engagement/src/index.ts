export * from './analytics';
export * from './badge-rules';
export * from './customer-value';
export * from './ranks';
export * from './roles';
export * from './rfm';
export * from './segments';
