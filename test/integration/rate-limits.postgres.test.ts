import { defineRateLimitSuite } from './rate-limits.suite';

defineRateLimitSuite('postgres');
