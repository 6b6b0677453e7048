import '../helpers/use-source-workers.js';
import { runtimeSuite } from './runtime.suite.js';

runtimeSuite('shared-memory', 'iso');
