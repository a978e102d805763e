import { defineAccountsHardeningSuite } from './accounts-hardening.suite';

defineAccountsHardeningSuite('postgres');
