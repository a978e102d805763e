import { defineBackendConformance } from './backend.conformance';
import { ssoFixture } from './sso.fixture';

defineBackendConformance(ssoFixture('postgres'));
