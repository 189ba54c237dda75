export * from './badge-rules';
export * from './ranks';
export * from './roles';
export * from './rfm';
