import base, { functionsFitOnAScreen } from '../../eslint.config.mjs';

export default [...base, functionsFitOnAScreen(['src/**/*.ts'])];
