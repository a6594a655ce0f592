import { join } from 'node:path';

export const packageRoot = join(__dirname, '..', '..');
export const distDir = join(packageRoot, 'dist');
export const examplesDir = join(packageRoot, 'examples');
export const imagesDir = join(packageRoot, '..', '..', 'docs', 'images');
