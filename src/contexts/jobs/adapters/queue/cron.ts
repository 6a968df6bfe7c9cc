// The cron parser behind a module of its own, imported with `import()` only when schedules exist.
export { CronExpressionParser } from 'cron-parser';
