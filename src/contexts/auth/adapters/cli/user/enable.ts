import { statusVerb } from './status.js';

export default statusVerb('enable', 'active');
