import { weightsSuite } from './weights.suite.js';

weightsSuite('shared-memory');
weightsSuite('transfer');
