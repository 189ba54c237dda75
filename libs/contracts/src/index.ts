export * from './activity';
export * from './badge-rules';
export * from './errors';
export * from './realtime';
export * from './roles';
