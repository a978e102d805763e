import { defineSsoSuite } from './sso.suite';

defineSsoSuite('postgres');
