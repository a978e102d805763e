import { defineLifecycleSuite } from './lifecycle.suite';

defineLifecycleSuite('postgres');
