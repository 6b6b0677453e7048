import '../helpers/use-source-workers.js';
import { drillsSuite } from './drills.suite.js';

drillsSuite('shared-memory', 'iso');
