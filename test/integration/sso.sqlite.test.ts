import { defineSsoSuite } from './sso.suite';

defineSsoSuite('sqlite');
