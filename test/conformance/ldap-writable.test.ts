import { defineBackendConformance } from './backend.conformance';
import { ldapFixture } from './ldap.fixture';

defineBackendConformance(ldapFixture(false));
