import { definePaginationSuite } from './pagination.suite';

definePaginationSuite('postgres');
