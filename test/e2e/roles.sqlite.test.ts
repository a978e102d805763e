import { defineRolesSuite } from './roles.suite';

defineRolesSuite('sqlite');
