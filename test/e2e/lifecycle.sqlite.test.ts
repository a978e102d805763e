import { defineLifecycleSuite } from './lifecycle.suite';

defineLifecycleSuite('sqlite');
