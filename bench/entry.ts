// The internals bench/assessment.mjs drives in-process: it bundles this file
// with esbuild at run time, since the CLI bundle exports none of them.
export { openApp } from '../src/composition.js';
export { parseDatabaseTarget } from '../src/persistence/connect.js';
export { DEFAULT_LOCKOUT } from '../src/contexts/auth/index.js';
export { importOscalCatalog } from '../src/contexts/assessment/adapters/importers/oscal-catalog.js';
export { kyselyAssessmentStore } from '../src/contexts/assessment/adapters/persistence/kysely-assessment-store.js';
export { contentHash } from '../src/contexts/assessment/domain/catalog-hash.js';
export { prepareCatalog, scoreAssessment } from '../src/contexts/assessment/domain/scoring.js';
export { nextAsked, nextUnanswered } from '../src/contexts/assessment/domain/questionnaire.js';
export { questionStates } from '../src/contexts/assessment/application/loaded-assessment.js';
export { fileTemplateStore } from '../src/contexts/reporting/adapters/templates/file-template-store.js';
export { loadRenderer } from '../src/contexts/reporting/adapters/renderers.js';
export { pdfRenderer } from '../src/contexts/reporting/adapters/pdf/pdf-renderer.js';
export { composeNarrative } from '../src/contexts/reporting/domain/narrative.js';
export { DEFAULT_BRANDING } from '../src/contexts/reporting/domain/template.js';
