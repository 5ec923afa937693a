import 'reflect-metadata';
import { loadConfig } from '../../../libs/config/src';
import { createWorkerApp } from './app';

createWorkerApp(loadConfig()).catch((e) => {
  console.error(e);
  process.exit(1);
});
