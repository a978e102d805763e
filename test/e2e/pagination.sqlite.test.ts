import { definePaginationSuite } from './pagination.suite';

definePaginationSuite('sqlite');
