import '../helpers/use-source-workers.js';
import { trainerThreadsSuite } from './trainer-threads.suite.js';

trainerThreadsSuite('shared-memory');
