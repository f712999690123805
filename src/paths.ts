// Locations inside the installed package, derived from this module's URL.
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const CATALOG_DIR = join(PACKAGE_ROOT, 'dist', 'catalog');
export const DOCS_DIR = join(PACKAGE_ROOT, 'dist', 'docs');
export const PACKAGE_JSON = join(PACKAGE_ROOT, 'package.json');
export const TOOL_SCHEMAS_FILE = join(PACKAGE_ROOT, 'dist', 'tool-schemas.json');
export const BIN_FILE = join(PACKAGE_ROOT, 'bin', 'konnect-mcp.js');
