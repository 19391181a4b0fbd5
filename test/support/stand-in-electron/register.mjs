// node --import tsx --import ./register.mjs dist/main/index.js
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
