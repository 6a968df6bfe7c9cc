import { statusVerb } from './status.js';

export default statusVerb('review');
