// Supervision on the cross-origin-isolated page (shared-memory transport).
import '../helpers/use-source-workers.js';
import { supervisionSuite } from './supervision.suite.js';

supervisionSuite('shared-memory');
