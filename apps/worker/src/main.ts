import 'reflect-metadata';
import { loadConfig } from '@banli/config';
import { createWorkerApp } from './app';

createWorkerApp(loadConfig()).catch((e) => {
  console.error(e);
  process.exit(1);
});
