import { defineBackendConformance } from './backend.conformance';
import { localFixture } from './local.fixture';

defineBackendConformance(localFixture('postgres'));
