import { defineRolesSuite } from './roles.suite';

defineRolesSuite('postgres');
