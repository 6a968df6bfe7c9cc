import type { NarrativeWriter } from '../../application/ports.js';
import { composeNarrative } from '../../domain/narrative.js';

/** The narrative from the data alone, with a warning when AI was asked for but is not configured. */
export const deterministicNarrativeWriter: NarrativeWriter = {
  async write({ data, language, ai }) {
    return {
      narrative: composeNarrative(data, language),
      warnings: ai
        ? [
            'no AI endpoint is configured (set ai.model and ai.apiKey, and ai.baseUrl for a non-OpenAI endpoint, or RENFE_AI_MODEL, RENFE_AI_API_KEY, RENFE_AI_BASE_URL); the narrative was written from the data',
          ]
        : [],
    };
  },
};
